namespace Emitter.Generator.Model;

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
        _byGroup = messages.Where(m => m.Group is not null).GroupBy(m => m.Group!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => LogLevels.All.Select(level => g.Where(m => m.Level == level).ToArray()).ToArray(), StringComparer.Ordinal);
    }

    private readonly Dictionary<string, PoolMessage[][]> _byGroup;

    public IReadOnlyList<PoolMessage> Messages { get; }

    /// <summary>What gave the messages their vectors, fixed when the pool is made (null: not embedded): sinks record and check it (model and dimensions).</summary>
    public EmbeddingInfo? Embedding { get; init; }

    /// <summary>The same messages as an embedded pool: what embedding returns, and what a pool derived from this one is made as once its vectors are in.</summary>
    public MessagePool WithEmbedding(EmbeddingInfo embedding) => new(Messages) { Embedding = embedding };

    public IReadOnlyList<PoolMessage> ForLevel(LogLevel level) => _byLevel[(int)level];

    /// <summary>The messages of one template group at one level; empty when the pool has none (no voices, or another layout).</summary>
    public IReadOnlyList<PoolMessage> ForGroup(string group, LogLevel level) =>
        _byGroup.TryGetValue(group, out var levels) ? levels[(int)level] : [];
}
