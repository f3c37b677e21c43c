using Emitter.Generator.Bench.Queries;
using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Generator.Bench;

/// <summary>
/// What a bench adds to the run's messages, decided before anything is embedded: needles (pool
/// messages kept out of the emitters' draws, planted as known answers) and the queries (embedded
/// with the pool, through the same cache). Freshness markers are not planned ahead: they are made
/// one at a time as the run writes them (Freshness/MarkerMessages), so a long run with a marker
/// every millisecond costs the markers in flight, not every marker it will ever write.
/// </summary>
public sealed class BenchPlan
{
    /// <summary>The service name of markers in every store.</summary>
    public const string MarkerService = "emitter-bench";

    private BenchPlan(MessagePool pool, BenchConfig config, IReadOnlyList<PoolMessage> needles, IReadOnlyList<PoolMessage> queries, ulong seed)
    {
        Config = config;
        Needles = needles;
        QueryMessages = queries;
        _seed = seed;
        DrawPool = needles.Count == 0 ? pool : new MessagePool(pool.Messages.Except(needles).ToList());
        SinkPool = pool;
        EmbeddingPool = new MessagePool([.. pool.Messages, .. queries]);
        _pool = pool;
    }

    private readonly ulong _seed;
    private readonly MessagePool _pool;

    public BenchConfig Config { get; }

    /// <summary>Pool messages planted <see cref="RelevanceConfig.Copies"/> times each, never drawn otherwise.</summary>
    public IReadOnlyList<PoolMessage> Needles { get; }

    /// <summary>How many freshness markers the phases write (one every interval_ms from the start; 0: none).</summary>
    public long MarkerCount => Config.Freshness.IntervalMs == 0 ? 0 : (long)(Config.Duration.TotalMilliseconds / Config.Freshness.IntervalMs) + 1;

    /// <summary>The pool without the needles: what the emitters draw from (embedded, after <see cref="Embedded"/>).</summary>
    public MessagePool DrawPool { get; private set; }

    /// <summary>What the sinks encode from: the pool (embedded, after <see cref="Embedded"/>; markers, made outside it, are encoded from their own text).</summary>
    public MessagePool SinkPool { get; private set; }

    /// <summary>The pool plus the query texts: embedded in one pass through the cache.</summary>
    public MessagePool EmbeddingPool { get; }

    private IReadOnlyList<PoolMessage> QueryMessages { get; }

    /// <summary>The queries with their vectors (after <see cref="Embedded"/>).</summary>
    public IReadOnlyList<BenchQuery> Queries => QueryMessages.Select(m => new BenchQuery(m.Text, m.Vector)).ToList();

    public static BenchPlan Create(MessagePool pool, BenchConfig config, ulong seed)
    {
        var random = new Random((int)(seed ^ (seed >> 32)) ^ 0x5EED);
        var needles = PickNeedles(pool, config.Relevance.Needles, random);
        var queries = config.Queries.Texts.Select((text, i) => new PoolMessage(-1 - i, text, LogLevel.Info)).ToList();
        return new BenchPlan(pool, config, needles, queries, seed);
    }

    /// <summary>Once <see cref="EmbeddingPool"/> is embedded: the emitters' and sinks' pools are made again as embedded pools.</summary>
    public void Embedded(EmbeddingInfo embedding)
    {
        DrawPool = DrawPool.WithEmbedding(embedding);
        SinkPool = SinkPool.WithEmbedding(embedding);
    }

    /// <summary>The seed of the markers' vectors (their tokens are fresh on every run).</summary>
    public ulong Seed => _seed;

    private static List<PoolMessage> PickNeedles(MessagePool pool, int count, Random random)
    {
        // From the largest level, leaving it at least one message for the emitters to draw.
        var level = LogLevels.All.MaxBy(l => pool.ForLevel(l).Count);
        var candidates = pool.ForLevel(level).ToList();
        var take = Math.Min(count, candidates.Count - 1);
        return candidates.OrderBy(_ => random.Next()).Take(Math.Max(0, take)).ToList();
    }
}
