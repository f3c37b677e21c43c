using Emitter.Generator.Model;
using Emitter.Generator.Sinks;

namespace Emitter.Tests.Stores.Memory;

public sealed class MemorySearchStore(string name, MemoryIndex index) : SearchStore(name)
{
    public override IReadOnlyDictionary<string, object> FreshnessSettings { get; } = new Dictionary<string, object> { ["visible"] = "when written" };

    public override Task InitializeAsync(SinkContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task<IReadOnlyList<Guid>> SearchAsync(SearchMode mode, string text, ReadOnlyMemory<float> vector, int topK, CancellationToken cancellationToken) =>
        Task.FromResult(index.Search(mode, text, vector.Span, topK));
}
