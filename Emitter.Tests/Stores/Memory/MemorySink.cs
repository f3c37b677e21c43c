using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;

namespace Emitter.Tests.Stores.Memory;

public sealed class MemorySink(string name, MemoryIndex index, MemoryStoreOptions options) : LogSink(name, "Memory")
{
    private EmbeddingInfo? _embedding;

    public override Task InitializeAsync(SinkContext context, CancellationToken cancellationToken)
    {
        _embedding = context.Embedding;
        return Task.CompletedTask;
    }

    public override Task<WriteResult> WriteAsync(Batch batch, CancellationToken cancellationToken)
    {
        var embedding = Initialized(_embedding);
        foreach (var entry in batch.Entries.Span) index.Add(entry, embedding, options.IndexMode.HasVectors());
        return Task.FromResult(WriteResult.Delivered);
    }
}
