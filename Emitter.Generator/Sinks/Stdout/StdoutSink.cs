using System.Buffers;
using System.Text.Json;
using Emitter.Generator.Batching;
using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;

namespace Emitter.Generator.Sinks.Stdout;

/// <summary>
/// Writes entries to standard output, a whole batch encoded into one buffer, not a logger call
/// per entry. The generator's own logs go to stderr, so this stream carries entries only.
/// The buffer goes out in writes of at most <see cref="PipeAtomicBytes"/> that end on a line
/// boundary where a line fits: a pipe takes such a write whole or not at all, so the lines it
/// accepted are known exactly when its reader closes it (EPIPE: the sink stops, the run ends, as
/// a command-line tool does) or stops reading (the write blocks in a thread no token can wake:
/// at the grace deadline the lines accepted so far count delivered, the rest failed).
/// </summary>
public sealed class StdoutSink(string name, Stream output, StdoutFormat format, bool includeEmbedding) : LogSink(name, "Stdout")
{
    public const string ClosedReason = "stdout was closed by its reader";
    public const string BlockedReason = "stdout was not read: a write to it still blocked when the grace period ended";

    /// <summary>PIPE_BUF on Linux: a write to a pipe of at most this many bytes is atomic.</summary>
    public const int PipeAtomicBytes = 4096;

    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);
    private readonly List<int> _lineEnds = [];
    private readonly Utf8JsonWriter _json = new(Stream.Null, new JsonWriterOptions { SkipValidation = true });
    private EntryEncoder? _encoder;
    // The write given up at the deadline may still be blocked; nothing is written after it.
    private volatile bool _abandoned;
    private volatile bool _closed;

    public override Task InitializeAsync(SinkContext context, CancellationToken cancellationToken)
    {
        _encoder = new EntryEncoder(context.Pool, context.Embedding.Jitter);
        return Task.CompletedTask;
    }

    public override async Task<WriteResult> WriteAsync(Batch batch, CancellationToken cancellationToken)
    {
        var encoder = Initialized(_encoder);
        if (_closed) return WriteResult.Gone(batch.Count, ClosedReason);
        if (_abandoned) return WriteResult.PartlyFailed(batch.Count, BlockedReason);
        Encode(encoder, batch);

        var accepted = 0; // bytes the output took, written by the writing thread only
        Exception? error = null;
        var writing = Task.Run(() =>
        {
            try
            {
                foreach (var (start, length) in Chunks())
                {
                    if (_abandoned) return;
                    output.Write(_buffer.WrittenSpan.Slice(start, length));
                    Volatile.Write(ref accepted, start + length);
                }
            }
            catch (Exception e)
            {
                error = e;
            }
        }, CancellationToken.None);
        try
        {
            // A blocking write(2) ignores the token: only waiting for it can end at the deadline.
            await writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _abandoned = true;
            var stored = LinesWithin(Volatile.Read(ref accepted));
            return WriteResult.PartlyFailed(batch.Count - stored, BlockedReason);
        }

        var lines = LinesWithin(accepted);
        if (error is null)
        {
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return WriteResult.Delivered;
        }
        if (StandardOutput.IsBrokenPipe(error))
        {
            _closed = true;
            return WriteResult.Gone(batch.Count - lines, ClosedReason);
        }
        return WriteResult.PartlyFailed(batch.Count - lines, $"stdout: {error.Message}");
    }

    private void Encode(EntryEncoder encoder, Batch batch)
    {
        _buffer.ResetWrittenCount();
        _lineEnds.Clear();
        foreach (ref readonly var entry in batch.Entries.Span)
        {
            if (format == StdoutFormat.Json)
            {
                // A fresh writer state per line: otherwise the next object starts with a comma.
                _json.Reset(_buffer);
                encoder.WriteJson(_json, entry, includeEmbedding);
                _json.Flush();
                _buffer.Write("\n"u8);
            }
            else
            {
                encoder.WriteText(_buffer, entry);
            }
            _lineEnds.Add(_buffer.WrittenCount);
        }
    }

    /// <summary>The buffer in writes of at most <see cref="PipeAtomicBytes"/>, each ending at a line end unless one line alone is longer.</summary>
    private IEnumerable<(int Start, int Length)> Chunks()
    {
        var start = 0;
        var line = 0;
        while (start < _buffer.WrittenCount)
        {
            var end = start;
            while (line < _lineEnds.Count && _lineEnds[line] - start <= PipeAtomicBytes) end = _lineEnds[line++];
            if (end == start) end = Math.Min(start + PipeAtomicBytes, _buffer.WrittenCount);
            yield return (start, end - start);
            start = end;
        }
    }

    /// <summary>Whole lines within the first <paramref name="bytes"/> of the buffer.</summary>
    private int LinesWithin(int bytes)
    {
        var index = _lineEnds.BinarySearch(bytes);
        return index >= 0 ? index + 1 : ~index;
    }

    public override async ValueTask DisposeAsync()
    {
        await _json.DisposeAsync().ConfigureAwait(false);
        // A write given up at the deadline may still hold the output: nothing more goes to it.
        if (!_abandoned && !_closed) await output.FlushAsync().ConfigureAwait(false);
    }
}
