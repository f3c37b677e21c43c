namespace Emitter.Generator.Configuration;

/// <summary>A validated run configuration: everything the pipeline needs, nothing left to check.</summary>
public sealed record EmitterConfig
{
    public required string SourceFile { get; init; }
    public ulong? Seed { get; init; }
    public int BufferSize { get; init; } = 1000;
    public int FlushIntervalMs { get; init; } = 1000;

    /// <summary>0 runs until Ctrl+C or SIGTERM.</summary>
    public double RunDurationSecs { get; init; }

    /// <summary>How long sinks may take to drain their queues after the emitters stop.</summary>
    public double ShutdownGraceSecs { get; init; } = 30;

    public int MessagePoolSize { get; init; } = 1000;
    public required EmbeddingConfig Embedding { get; init; }
    public required IReadOnlyList<SinkConfig> Sinks { get; init; }
    public required IReadOnlyList<ServiceConfig> Services { get; init; }

    /// <summary>The read side (queries, freshness, relevance through phases); null: Emitter only writes.</summary>
    public BenchConfig? Bench { get; init; }

    /// <summary>Requests through a call graph (<c>traces</c>); null: every entry is a trace of its own.</summary>
    public TracesConfig? Traces { get; init; }

    /// <summary>What goes wrong during the run (empty: nothing).</summary>
    public IReadOnlyList<IncidentConfig> Incidents { get; init; } = [];

    /// <summary>This process's share of the run; the services' rates above are already that share.</summary>
    public Shard Shard { get; init; } = Shard.None;

    /// <summary>When the run's clock starts (shards share it); null: at once.</summary>
    public DateTimeOffset? StartAt { get; init; }

    public double TargetRate => Services.Sum(s => s.RatePerSec);

    /// <summary>The pool's template groups: the default templates, or the services' voices (see <see cref="Pool.PoolLayout"/>).</summary>
    public Pool.PoolLayout PoolLayout => Services.Any(s => s.Kind is not null)
        ? Pool.PoolLayout.Voices(Services.Select(s => s.Kind!), upstream: Traces is not null)
        : Pool.PoolLayout.Default;
}
