using System.Collections.Concurrent;
using Emitter.Generator.Bench.Truth;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;

namespace Emitter.Generator.Bench.Freshness;

/// <summary>
/// Each marker's three moments, per store: <c>emitted_at</c> (handed to the batcher),
/// <c>acked_at</c> (the sink's write that held it returned delivered: <see cref="StoredEntries"/>)
/// and <c>visible_at</c> per mode (the send time of the first probe that found it: the store had
/// made it searchable by then). Monotonic timestamps of one <see cref="TimeProvider"/>, so
/// emit_to_ack + ack_to_visible = emit_to_visible holds exactly for every marker.
/// Bounded, however many markers a run writes: a marker is held while its probes run; once
/// retired it is kept only if it belongs to an evenly spaced sample of at most
/// <see cref="MaxKept"/> (every <see cref="Every"/>-th marker written, a power of two that doubles
/// whenever the sample would grow past the maximum); the others are let go, and so are their acks.
/// A kept marker still takes its acks: a probe may find a marker before its write's answer
/// arrives (visible before ack), so its probes can all end before the sink reports the ack.
/// The split's percentiles and the per-marker traces are read from the sample (every marker while
/// a run writes at most <see cref="MaxKept"/>); the found and missing counts cover every marker.
/// </summary>
public sealed class MarkerTimes
{
    /// <summary>Markers kept for the split and the traces: a few MB of summary at most.</summary>
    public const int MaxKept = 10_000;

    private readonly ConcurrentDictionary<Guid, Marker> _outstanding = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Marker> _kept = [];
    private long _next;
    private long _every = 1;

    public MarkerTimes(TimeProvider time, IReadOnlyDictionary<string, StoredEntries> acks)
    {
        Time = time;
        foreach (var (store, stored) in acks) stored.MarkerAcked = (id, at) => Acked(store, id, at);
    }

    public TimeProvider Time { get; }

    /// <summary>The sample's spacing: every this many markers written, one is kept (1: all of them).</summary>
    public long Every
    {
        get
        {
            lock (_gate) return _every;
        }
    }

    /// <summary>Markers held now: written and not yet retired.</summary>
    public int Outstanding => _outstanding.Count;

    public void Emitted(Guid id, long at, TimeSpan sincePhasesBegan) =>
        _outstanding[id] = new Marker(id, at, sincePhasesBegan) { Sequence = Interlocked.Increment(ref _next) - 1 };

    /// <summary>A probe sent at <paramref name="sentAt"/> found the marker; only the first such probe counts.</summary>
    public void Visible(string store, SearchMode mode, Guid id, long sentAt)
    {
        if (_outstanding.TryGetValue(id, out var marker)) marker.Visible.TryAdd((store, mode), sentAt);
    }

    /// <summary>Every probe of the marker has ended: kept if the sample takes it, let go otherwise.</summary>
    public void Retire(Guid id)
    {
        if (!_outstanding.TryGetValue(id, out var marker)) return;
        lock (_gate)
        {
            // Kept before it stops being held, so an ack arriving meanwhile finds it in one place or the other.
            if (marker.Sequence % _every == 0 && _kept.TryAdd(id, marker) && _kept.Count > MaxKept)
            {
                _every *= 2;
                foreach (var (keptId, kept) in _kept)
                    if (kept.Sequence % _every != 0) _kept.Remove(keptId);
            }
            _outstanding.TryRemove(id, out _);
        }
    }

    /// <summary>The markers kept (and any still held), in the order written.</summary>
    public IReadOnlyList<Marker> All()
    {
        lock (_gate) return [.. _kept.Values.Concat(_outstanding.Values).OrderBy(m => m.Emitted)];
    }

    /// <summary>When <paramref name="store"/>'s sink acknowledged the marker, if it has.</summary>
    public long? AckedAt(string store, Marker marker) => marker.Acked.TryGetValue(store, out var at) ? at : null;

    /// <summary>A store's sink acknowledged a marker: recorded while the marker is held or kept (an ack after it was let go has no one to tell).</summary>
    private void Acked(string store, Guid id, long at)
    {
        if (_outstanding.TryGetValue(id, out var marker))
        {
            marker.Acked.TryAdd(store, at);
            return;
        }
        lock (_gate)
            if (_kept.TryGetValue(id, out marker)) marker.Acked.TryAdd(store, at);
    }

    /// <param name="WrittenAt">Since the first phase began: decides the marker's phase.</param>
    public sealed record Marker(Guid Id, long Emitted, TimeSpan WrittenAt)
    {
        /// <summary>Its place among the markers written (from 0): decides whether the sample keeps it.</summary>
        public long Sequence { get; init; }

        public ConcurrentDictionary<(string Store, SearchMode Mode), long> Visible { get; } = new();

        public ConcurrentDictionary<string, long> Acked { get; } = new(StringComparer.Ordinal);
    }
}
