using Emitter.Generator.Bench.Freshness;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;

namespace Emitter.Generator.Bench.Reporting;

/// <summary>
/// Freshness split into the client's part and the store's, from each marker's moments
/// (<see cref="MarkerTimes"/>), censored the way a missing marker must be: one not found within
/// max_wait_secs counts at max_wait_secs (and the percentile it decides is printed with <c>&gt;</c>),
/// never left out. Percentiles are exact nearest-rank over the markers <see cref="MarkerTimes"/> keeps
/// (every marker, or an evenly spaced sample of at most <see cref="MarkerTimes.MaxKept"/>).
/// </summary>
internal sealed class FreshnessSplitBuilder(MarkerTimes times, double maxWaitSecs)
{
    private double MaxWaitMs => maxWaitSecs * 1000;

    /// <summary>
    /// The split for one store and mode over <paramref name="markers"/>:
    /// <list type="bullet">
    /// <item>emit_to_visible: found, visible_at − emitted_at; not found, censored at max_wait;</item>
    /// <item>emit_to_ack: acknowledged, acked_at − emitted_at; never acknowledged, censored at max_wait;</item>
    /// <item>ack_to_visible (over acknowledged markers): found, visible_at − acked_at (a probe sent
    /// before the write's answer arrived may find it: below 0, counted as such and taken as 0);
    /// not found, censored at max_wait − emit_to_ack.</item>
    /// </list>
    /// </summary>
    public FreshnessSplit Split(IEnumerable<MarkerTimes.Marker> markers, string store, SearchMode mode)
    {
        List<(double, bool)> emitToAck = [], ackToVisible = [], emitToVisible = [];
        long notAcked = 0, beforeAck = 0;
        foreach (var marker in markers)
        {
            var (ack, visible) = Moments(marker, store, mode);
            emitToVisible.Add(visible is { } v ? (v, false) : (MaxWaitMs, true));
            if (ack is not { } a)
            {
                notAcked++;
                emitToAck.Add((MaxWaitMs, true));
                continue;
            }
            emitToAck.Add((a, false));
            if (visible is { } seen)
            {
                if (seen < a) beforeAck++;
                ackToVisible.Add((Math.Max(0, seen - a), false));
            }
            else
            {
                ackToVisible.Add((Math.Max(0, MaxWaitMs - a), true));
            }
        }
        return new FreshnessSplit(Figures(emitToAck), Figures(ackToVisible), Figures(emitToVisible), notAcked, beforeAck);
    }

    /// <summary>Every marker's own figures for one store, the evidence behind the percentiles (null: not acknowledged, not found).</summary>
    public IReadOnlyList<MarkerTrace> Traces(IReadOnlyList<MarkerTimes.Marker> markers, string store, IReadOnlyList<SearchMode> modes) =>
        markers.Select(marker =>
        {
            var ack = Moments(marker, store, modes[0]).AckMs;
            var visible = modes.ToDictionary(m => m.Name(), m => Moments(marker, store, m).VisibleMs is { } v ? Math.Round(v, 3) : (double?)null);
            var ackToVisible = modes.ToDictionary(m => m.Name(), m => ack is { } a && visible[m.Name()] is { } v ? Math.Round(v - Math.Round(a, 3), 3) : (double?)null);
            return new MarkerTrace(Math.Round(marker.WrittenAt.TotalSeconds, 3), ack is { } x ? Math.Round(x, 3) : null, ackToVisible, visible);
        }).ToList();

    /// <summary>acked_at and visible_at of a marker, in ms after its emitted_at.</summary>
    private (double? AckMs, double? VisibleMs) Moments(MarkerTimes.Marker marker, string store, SearchMode mode)
    {
        double? ack = times.AckedAt(store, marker) is { } acked ? times.Time.GetElapsedTime(marker.Emitted, acked).TotalMilliseconds : null;
        double? visible = marker.Visible.TryGetValue((store, mode), out var seen) ? times.Time.GetElapsedTime(marker.Emitted, seen).TotalMilliseconds : null;
        return (ack, visible);
    }

    private static FreshnessFigures Figures(List<(double Ms, bool Censored)> values)
    {
        if (values.Count == 0) return FreshnessFigures.Empty;
        values.Sort((a, b) => a.Ms.CompareTo(b.Ms));
        (double Ms, bool Censored) At(double percentile) => values[Math.Max(0, (int)Math.Ceiling(percentile / 100 * values.Count) - 1)];
        var (p50, p99, max) = (At(50), At(99), values[^1]);
        var censoredAt = new List<string>();
        if (p50.Censored) censoredAt.Add("p50");
        if (p99.Censored) censoredAt.Add("p99");
        if (max.Censored) censoredAt.Add("max");
        return new FreshnessFigures(values.Count, values.Count(v => v.Censored), Math.Round(p50.Ms, 3), Math.Round(p99.Ms, 3), Math.Round(max.Ms, 3), censoredAt);
    }
}
