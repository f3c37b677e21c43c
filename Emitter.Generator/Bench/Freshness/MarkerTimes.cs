using System.Collections.Concurrent;
using Emitter.Generator.Bench.Config;
using Emitter.Generator.Bench.Truth;
using Emitter.Generator.Model;

namespace Emitter.Generator.Bench.Freshness;

/// <summary>
/// Each marker's three moments, per store: <c>emitted_at</c> (handed to the batcher),
/// <c>acked_at</c> (the sink's write that held it returned delivered: <see cref="StoredEntries"/>)
/// and <c>visible_at</c> per mode (the send time of the first probe that found it: the store had
/// made it searchable by then). Monotonic timestamps of one <see cref="TimeProvider"/>, so
/// emit_to_ack + ack_to_visible = emit_to_visible holds exactly for every marker.
/// </summary>
public sealed class MarkerTimes(TimeProvider time, IReadOnlyDictionary<string, StoredEntries> acks)
{
    private readonly ConcurrentDictionary<Guid, Marker> _markers = new();

    public TimeProvider Time { get; } = time;

    public void Emitted(Guid id, long at, TimeSpan sincePhasesBegan) => _markers[id] = new Marker(id, at, sincePhasesBegan);

    /// <summary>A probe sent at <paramref name="sentAt"/> found the marker; only the first such probe counts.</summary>
    public void Visible(string store, SearchMode mode, Guid id, long sentAt)
    {
        if (_markers.TryGetValue(id, out var marker)) marker.Visible.TryAdd((store, mode), sentAt);
    }

    /// <summary>Every marker, in the order written.</summary>
    public IReadOnlyList<Marker> All() => [.. _markers.Values.OrderBy(m => m.Emitted)];

    /// <summary>When <paramref name="store"/>'s sink acknowledged the marker, if it has.</summary>
    public long? AckedAt(string store, Marker marker) =>
        acks.TryGetValue(store, out var stored) && stored.MarkerAcked(marker.Id, out var at) ? at : null;

    /// <param name="WrittenAt">Since the first phase began: decides the marker's phase.</param>
    public sealed record Marker(Guid Id, long Emitted, TimeSpan WrittenAt)
    {
        public ConcurrentDictionary<(string Store, SearchMode Mode), long> Visible { get; } = new();
    }
}
