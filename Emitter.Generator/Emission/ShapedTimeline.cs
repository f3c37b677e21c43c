using Emitter.Generator.Configuration;

namespace Emitter.Generator.Emission;

/// <summary>
/// A service's rate multiplier over time (its shape times the incidents it is in) as an arrival
/// timeline: the nominal arrival u (at the configured rate) moves to the real t where ∫₀ᵗ m = u,
/// the same warp the bench's <see cref="Bench.Driver.RateSchedule"/> uses. The multiplier is
/// integrated on 10 ms steps (midpoint rule), walked forward lazily because arrivals come in
/// order: O(1) per arrival, and no table for an unbounded run. Not thread-safe: one per emitter.
/// </summary>
public sealed class ShapedTimeline(Func<double, double> multiplier, double horizonSecs) : IEmissionTimeline
{
    public const double Step = 0.01;
    private long _segment;
    private double _cumulative;
    private double _current = multiplier(Step / 2);

    public int Stretches => 1;

    public int StretchOf(double real) => 0;

    /// <summary>The planned number of entries in [<paramref name="from"/>, <paramref name="to"/>) at <paramref name="rate"/> (for checks and reports).</summary>
    public static double Planned(Func<double, double> multiplier, double rate, double from, double to)
    {
        double sum = 0;
        for (var k = (long)Math.Floor(from / Step); k * Step < to; k++)
        {
            var lo = Math.Max(from, k * Step);
            var hi = Math.Min(to, (k + 1) * Step);
            if (hi > lo) sum += multiplier((k + 0.5) * Step) * (hi - lo);
        }
        return sum * rate;
    }

    public double ToReal(double nominal)
    {
        while (true)
        {
            var end = _cumulative + _current * Step;
            if (_current > 0 && nominal <= end) return _segment * Step + (nominal - _cumulative) / _current;
            _segment++;
            _cumulative = end;
            if (_segment * Step >= horizonSecs) return double.PositiveInfinity;
            _current = multiplier((_segment + 0.5) * Step);
        }
    }
}
