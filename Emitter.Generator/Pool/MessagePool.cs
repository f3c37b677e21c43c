using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;

namespace Emitter.Generator.Pool;

/// <summary>The pool's messages, grouped by the level each belongs to, and how they were embedded.</summary>
public sealed class MessagePool
{
    private readonly PoolMessage[][] _byLevel;

    public MessagePool(IReadOnlyList<PoolMessage> messages)
    {
        Messages = messages;
        _byLevel = LogLevels.All
            .Select(level => messages.Where(m => m.Level == level).ToArray())
            .ToArray();
    }

    public IReadOnlyList<PoolMessage> Messages { get; }

    /// <summary>Set once the vectors are in: sinks record and check it (model and dimensions).</summary>
    public EmbeddingInfo? Embedding { get; set; }

    public IReadOnlyList<PoolMessage> ForLevel(LogLevel level) => _byLevel[(int)level];
}
