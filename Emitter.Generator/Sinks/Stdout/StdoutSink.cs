using System.Buffers;
using System.Text.Json;
using Emitter.Generator.Batching;
using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;

namespace Emitter.Generator.Sinks.Stdout;

/// <summary>
/// Writes entries to standard output, a whole batch per write through one buffer, not a logger
/// call per entry. The generator's own logs go to stderr, so this stream carries entries only.
/// </summary>
public sealed class StdoutSink(string name, Stream output, StdoutFormat format, bool includeEmbedding) : LogSink(name, "Stdout")
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);
    private readonly Utf8JsonWriter _json = new(Stream.Null, new JsonWriterOptions { SkipValidation = true });
    private EntryEncoder? _encoder;

    public override Task InitializeAsync(SinkContext context, CancellationToken cancellationToken)
    {
        _encoder = new EntryEncoder(context.Pool, context.Embedding.Jitter);
        return Task.CompletedTask;
    }

    public override async Task<WriteResult> WriteAsync(Batch batch, CancellationToken cancellationToken)
    {
        var encoder = Initialized(_encoder);
        _buffer.ResetWrittenCount();
        if (format == StdoutFormat.Json)
        {
            foreach (ref readonly var entry in batch.Entries.Span)
            {
                // A fresh writer state per line: otherwise the next object starts with a comma.
                _json.Reset(_buffer);
                encoder.WriteJson(_json, entry, includeEmbedding);
                _json.Flush();
                _buffer.Write("\n"u8);
            }
        }
        else
        {
            foreach (ref readonly var entry in batch.Entries.Span)
            {
                encoder.WriteText(_buffer, entry);
            }
        }

        await output.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return WriteResult.Delivered;
    }

    public override async ValueTask DisposeAsync()
    {
        await _json.DisposeAsync().ConfigureAwait(false);
        await output.FlushAsync().ConfigureAwait(false);
    }
}
