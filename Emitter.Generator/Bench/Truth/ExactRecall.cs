using System.Threading.Channels;
using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;

namespace Emitter.Generator.Bench.Truth;

/// <summary>
/// Recall against the exact answer: every <c>exact_every</c>-th vector and hybrid query to each
/// store notes, as it is sent, how many entries the store had acknowledged; once it has returned,
/// one scorer thread (off the queries' path, so scoring never delays a query or its timing)
/// computes the exact cosine top k over exactly those entries (<see cref="ExactTopK"/>) and
/// records the share of it the store returned (hybrid: against the exact vector top k). The
/// scorer's queue is bounded: a sample it cannot take is counted as skipped, not waited for.
/// </summary>
public sealed class ExactRecall
{
    private const int QueueCapacity = 256;

    private readonly IReadOnlyDictionary<string, StoredEntries> _stores;
    private readonly BenchMeasurements _measurements;
    private readonly int _every;
    private readonly int _topK;
    private readonly ExactTopK _exact;
    private readonly Channel<Sample> _queue = Channel.CreateBounded<Sample>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true });
    private readonly Dictionary<(string, SearchMode), long[]> _counters = [];
    private Task _scorer = Task.CompletedTask;

    public ExactRecall(IReadOnlyDictionary<string, StoredEntries> stores, BenchMeasurements measurements, int every, int topK, float jitter)
    {
        _stores = stores;
        _measurements = measurements;
        _every = every;
        _topK = topK;
        _exact = new ExactTopK(jitter);
        foreach (var store in stores.Keys)
        {
            foreach (var mode in new[] { SearchMode.Vector, SearchMode.Hybrid }) _counters[(store, mode)] = new long[1];
        }
    }

    /// <summary>Whether queries in this mode are sampled at all.</summary>
    public static bool Scores(SearchMode mode) => mode is SearchMode.Vector or SearchMode.Hybrid;

    public void Start() => _scorer = Task.Factory.StartNew(ScoreAllAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    /// <summary>Called as a query is sent: a ticket when this one is sampled, else null.</summary>
    public Ticket? Take(string store, SearchMode mode, TimeSpan sentAt)
    {
        if (!_counters.TryGetValue((store, mode), out var counter)) return null;
        if ((Interlocked.Increment(ref counter[0]) - 1) % _every != 0) return null;
        var stored = _stores[store];
        if (stored.Full)
        {
            _measurements.RecallExactSkipped(store, mode, sentAt, stored.FullReason);
            return null;
        }
        return new Ticket(store, mode, sentAt, stored.Sequence);
    }

    /// <summary>The sampled query returned <paramref name="returned"/>: scored later, on the scorer thread.</summary>
    public void Returned(Ticket ticket, ReadOnlyMemory<float> query, IReadOnlyList<Guid> returned)
    {
        if (!_queue.Writer.TryWrite(new Sample(ticket, query, returned)))
            _measurements.RecallExactSkipped(ticket.Store, ticket.Mode, ticket.SentAt, $"the exact scorer was {QueueCapacity} samples behind");
    }

    /// <summary>No more samples: every queued one is scored.</summary>
    public Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        return _scorer;
    }

    private async Task ScoreAllAsync()
    {
        await foreach (var sample in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var (ticket, query, returned) = sample;
            var exact = _exact.Find(query.Span, _stores[ticket.Store].ByMessage, ticket.Stored, _topK);
            if (exact.Count == 0) continue; // nothing stored yet: no answer to miss
            _measurements.RecallExact(ticket.Store, ticket.Mode, ticket.SentAt, Overlap(returned, exact, _topK));
        }
    }

    /// <summary>The share of the exact top k found among the first k returned.</summary>
    public static double Overlap(IReadOnlyList<Guid> returned, IReadOnlyList<Guid> exact, int topK)
    {
        var truth = exact.Take(topK).ToHashSet();
        return (double)returned.Take(topK).Count(truth.Contains) / truth.Count;
    }

    /// <param name="Stored">Entries the store had acknowledged when the query was sent.</param>
    public sealed record Ticket(string Store, SearchMode Mode, TimeSpan SentAt, int Stored);

    private sealed record Sample(Ticket Ticket, ReadOnlyMemory<float> Query, IReadOnlyList<Guid> Returned);
}
