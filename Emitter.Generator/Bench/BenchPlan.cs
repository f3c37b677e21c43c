using Emitter.Generator.Configuration;
using Emitter.Generator.Bench.Queries;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Generator.Bench;

/// <summary>
/// What a bench adds to the run's messages, decided before anything is embedded: needles (pool
/// messages kept out of the emitters' draws, planted as known answers), freshness markers
/// (messages of their own, appended to the pool the sinks encode from, each with a unique token),
/// and the queries (embedded with the pool, through the same cache).
/// </summary>
public sealed class BenchPlan
{
    /// <summary>The service name of markers in every store.</summary>
    public const string MarkerService = "emitter-bench";

    /// <summary>How far each marker's vector is turned from its base message's, so markers stay distinct yet lie among real entries (where an HNSW search can reach them).</summary>
    private const float MarkerSpread = 0.5f;

    private BenchPlan(MessagePool pool, BenchConfig config, IReadOnlyList<PoolMessage> needles, IReadOnlyList<PoolMessage> markers, IReadOnlyList<PoolMessage> queries, ulong seed)
    {
        Config = config;
        Needles = needles;
        Markers = markers;
        QueryMessages = queries;
        _seed = seed;
        DrawPool = needles.Count == 0 ? pool : new MessagePool(pool.Messages.Except(needles).ToList());
        SinkPool = markers.Count == 0 ? pool : new MessagePool([.. pool.Messages, .. markers]);
        EmbeddingPool = new MessagePool([.. pool.Messages, .. queries]);
        _pool = pool;
    }

    private readonly ulong _seed;
    private readonly MessagePool _pool;

    public BenchConfig Config { get; }

    /// <summary>Pool messages planted <see cref="RelevanceConfig.Copies"/> times each, never drawn otherwise.</summary>
    public IReadOnlyList<PoolMessage> Needles { get; }

    /// <summary>One message per freshness marker the phases can write.</summary>
    public IReadOnlyList<PoolMessage> Markers { get; }

    /// <summary>The pool without the needles: what the emitters draw from (embedded, after <see cref="Embedded"/>).</summary>
    public MessagePool DrawPool { get; private set; }

    /// <summary>The pool plus the markers: what the sinks encode from (their encoders index by message; embedded, after <see cref="Embedded"/>).</summary>
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

        var markerCount = config.Freshness.IntervalMs == 0 ? 0 : (int)(config.Duration.TotalMilliseconds / config.Freshness.IntervalMs) + 1;
        var firstIndex = pool.Messages.Count == 0 ? 0 : pool.Messages.Max(m => m.Index) + 1;
        // Tokens are fresh on every run (not from the seed): a marker of an earlier run in the same
        // table must never be mistaken for this run's.
        var markers = Enumerable.Range(0, markerCount)
            .Select(i => new PoolMessage(firstIndex + i, $"emitter freshness marker {Token()}", LogLevel.Info))
            .ToList();
        var queries = config.Queries.Texts.Select((text, i) => new PoolMessage(-1 - i, text, LogLevel.Info)).ToList();
        return new BenchPlan(pool, config, needles, markers, queries, seed);
    }

    /// <summary>Once <see cref="EmbeddingPool"/> is embedded: the emitters' and sinks' pools are made again as embedded pools, markers get their vectors.</summary>
    public void Embedded(EmbeddingInfo embedding)
    {
        DrawPool = DrawPool.WithEmbedding(embedding);
        SinkPool = SinkPool.WithEmbedding(embedding);
        if (Markers.Count == 0 || _pool.Messages.Count == 0) return;

        var random = new Random((int)_seed ^ 0x3A7C);
        foreach (var marker in Markers)
        {
            var basis = _pool.Messages[random.Next(_pool.Messages.Count)].Vector.Span;
            var vector = new float[basis.Length];
            for (var i = 0; i < vector.Length; i++) vector[i] = basis[i] + MarkerSpread * (float)(random.NextDouble() * 2 - 1) / MathF.Sqrt(vector.Length);
            var norm = MathF.Sqrt(vector.Sum(v => v * v));
            for (var i = 0; i < vector.Length; i++) vector[i] /= norm;
            marker.Vector = vector;
        }
    }

    private static List<PoolMessage> PickNeedles(MessagePool pool, int count, Random random)
    {
        // From the largest level, leaving it at least one message for the emitters to draw.
        var level = LogLevels.All.MaxBy(l => pool.ForLevel(l).Count);
        var candidates = pool.ForLevel(level).ToList();
        var take = Math.Min(count, candidates.Count - 1);
        return candidates.OrderBy(_ => random.Next()).Take(Math.Max(0, take)).ToList();
    }

    private static string Token()
    {
        // Letters only: one lexeme for PostgreSQL's parser, one token for BM25 tokenizers.
        Span<char> token = stackalloc char[12];
        token[0] = 'm';
        token[1] = 'k';
        for (var i = 2; i < token.Length; i++) token[i] = (char)('a' + Random.Shared.Next(26));
        return new string(token);
    }
}
