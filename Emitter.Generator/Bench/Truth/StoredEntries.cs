using System.Collections.Concurrent;
using Emitter.Generator.Batching;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Generator.Bench.Truth;

/// <summary>
/// What one store has acknowledged, learnt from its sink pipeline as each write returns
/// (<see cref="SinkPipeline.Stored"/>): when each freshness marker was acknowledged, and, for
/// exact recall, the ids of the stored entries grouped by pool message, each with its place in
/// the order of acknowledgement. No vector is kept: an entry's vector is its message's plus a
/// jitter derived from its id, recomputed when needed (<see cref="ExactTopK"/>). 20 bytes an
/// entry, up to <see cref="MaxEntries"/> (and <see cref="MaxMarkers"/> markers, each of which keeps
/// its own vector); past that the exact answer is no longer known and <see cref="Full"/> says so.
/// </summary>
public sealed class StoredEntries(string sink, bool trackEntries, TimeProvider time)
{
    /// <summary>Entries whose ids are kept per store: 400 MB at 20 bytes each.</summary>
    public const int MaxEntries = 20_000_000;

    private readonly ConcurrentDictionary<PoolMessage, IdList> _byMessage = new(ReferenceEqualityComparer.Instance);
    private int _sequence;
    private volatile bool _full;

    public string Sink { get; } = sink;

    /// <summary>Entries acknowledged so far, in order: an entry with a lower place was stored before a query sent now.</summary>
    public int Sequence => Volatile.Read(ref _sequence);

    /// <summary>More than <see cref="MaxEntries"/> were stored (or ids are not tracked): the exact answer is unknown from then on.</summary>
    public bool Full => _full || !trackEntries;

    /// <summary>Why <see cref="Full"/>, for the summary's skip reason.</summary>
    public string FullReason => _markers > MaxMarkers
        ? $"more than {MaxMarkers:N0} freshness markers were stored (each a message of its own, with its vector), the most the exact answer keeps"
        : $"the store holds more than {MaxEntries:N0} entries, the most whose ids are kept";

    /// <summary>The messages stored at least once, with their entries' ids.</summary>
    public IEnumerable<KeyValuePair<PoolMessage, IdList>> ByMessage => _byMessage;

    /// <summary>Told when a write that held a freshness marker returned delivered (its id, a monotonic timestamp): the marker's times keep it while they hold the marker.</summary>
    public Action<Guid, long>? MarkerAcked { get; set; }

    /// <summary>
    /// Markers whose ids (and vectors, through their messages) the exact answer keeps: each marker
    /// is a message of its own, so past this many the exact answer is no longer known (<see cref="Full"/>).
    /// </summary>
    public const int MaxMarkers = 20_000;

    private int _markers;

    /// <summary>Hooks into the sink's pipeline: every write that stores entries is seen as it returns.</summary>
    public void Attach(SinkPipeline pipeline) => pipeline.Stored = Observe;

    /// <summary>The entries of <paramref name="sent"/> not in <paramref name="remainder"/> are stored now.</summary>
    public void Observe(Batch sent, Batch? remainder)
    {
        var now = time.GetTimestamp();
        HashSet<Guid>? left = null;
        if (remainder is { Count: > 0 })
        {
            left = new HashSet<Guid>(remainder.Count);
            foreach (var entry in remainder.Entries.Span) left.Add(entry.Id);
        }
        foreach (var entry in sent.Entries.Span)
        {
            if (left is not null && left.Contains(entry.Id)) continue;
            var isMarker = ReferenceEquals(entry.Service, BenchPlan.MarkerService) || entry.Service == BenchPlan.MarkerService;
            if (isMarker) MarkerAcked?.Invoke(entry.Id, now);
            if (Full) continue;
            if (_sequence >= MaxEntries || (isMarker && ++_markers > MaxMarkers))
            {
                _full = true;
                continue;
            }
            // One writer per sink (its pipeline), so the place needs no interlock; readers see it published after the id.
            _byMessage.GetOrAdd(entry.Message, _ => new IdList()).Add(entry.Id, _sequence);
            Volatile.Write(ref _sequence, _sequence + 1);
        }
    }
}

/// <summary>
/// One message's stored entries: ids and their places in the order of acknowledgement, appended
/// by one writer while queries read. A reader takes the count first, then the arrays, which were
/// replaced (when grown) before the count moved past them.
/// </summary>
public sealed class IdList
{
    private Guid[] _ids = new Guid[4];
    private int[] _places = new int[4];
    private int _count;

    public void Add(Guid id, int place)
    {
        var count = _count;
        if (count == _ids.Length)
        {
            var ids = new Guid[count * 2];
            var places = new int[count * 2];
            _ids.AsSpan().CopyTo(ids);
            _places.AsSpan().CopyTo(places);
            Volatile.Write(ref _places, places);
            Volatile.Write(ref _ids, ids);
        }
        _ids[count] = id;
        _places[count] = place;
        Volatile.Write(ref _count, count + 1);
    }

    /// <summary>The ids stored before <paramref name="before"/> (their places are ascending).</summary>
    public ReadOnlySpan<Guid> Before(int before)
    {
        var count = Volatile.Read(ref _count);
        var ids = Volatile.Read(ref _ids);
        var places = Volatile.Read(ref _places);
        var upTo = places.AsSpan(0, count).BinarySearch(before);
        return ids.AsSpan(0, upTo < 0 ? ~upTo : upTo);
    }
}
