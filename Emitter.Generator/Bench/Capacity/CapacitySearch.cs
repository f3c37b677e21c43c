using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Configuration;

namespace Emitter.Generator.Bench.Capacity;

/// <summary>
/// The decisions of one capacity search, from its history alone (no clock, no store): the rate of
/// the next step, and the answer. Doubles the rate from start_qps until a step fails or max_qps
/// passes, then bisects between the highest passing and the lowest failing rate until they are
/// within <see cref="Tolerance"/> of each other or max_steps are used. Every step after the ramp
/// lies inside that bracket, so passes stay below fails whatever the noise.
/// </summary>
public sealed class CapacitySearch(CapacitySettings settings)
{
    /// <summary>The bisection stops once the failing rate is within this fraction above the passing one.</summary>
    public const double Tolerance = 0.05;

    private readonly List<CapacityStep> _steps = [];

    public IReadOnlyList<CapacityStep> Steps => _steps;

    /// <summary>A step passes when its p99 is within the target and its errors within the rate.</summary>
    public bool Passes(double p99Ms, double errorRate) => p99Ms <= settings.SloP99Ms && errorRate <= settings.MaxErrorRate;

    /// <summary>The step's figures with its verdict.</summary>
    public CapacityStep Judge(double qps, long queries, double p50Ms, double p99Ms, double errorRate, bool p99Censored) =>
        new(qps, queries, p50Ms, p99Ms, errorRate, Passes(p99Ms, errorRate), p99Censored);

    public void Record(CapacityStep step) => _steps.Add(step);

    /// <summary>The rate of the next step, or null when the search has ended.</summary>
    public double? Next()
    {
        if (_steps.Count == 0) return Math.Min(settings.StartQps, settings.MaxQps);
        if (_steps.Count >= settings.MaxSteps) return null;
        var (pass, fail) = Bracket();
        if (pass is null) return null; // even start_qps failed: nothing below it was asked for
        if (fail is null) return pass.Qps >= settings.MaxQps ? null : Math.Min(Round(pass.Qps * 2), settings.MaxQps);
        if (fail.Qps - pass.Qps <= Tolerance * pass.Qps) return null;
        var middle = Round((pass.Qps + fail.Qps) / 2);
        return middle > pass.Qps && middle < fail.Qps ? middle : null;
    }

    /// <summary>The answer so far; <paramref name="stopped"/>: the run ended the search before it had.</summary>
    public CapacityResult Result(bool stopped = false, double secs = 0)
    {
        var (pass, fail) = Bracket();
        var limitedBy = stopped ? "stopped"
            : fail is not null ? (fail.ErrorRate > settings.MaxErrorRate ? "errors" : "slo")
            : pass is not null && pass.Qps >= settings.MaxQps ? "max_qps"
            : "max_steps";
        return new CapacityResult(pass?.Qps ?? 0, pass?.P99Ms, pass?.ErrorRate, limitedBy, [.. _steps]) { Secs = Math.Round(secs, 3) };
    }

    /// <summary>The highest passing step and the lowest failing one (null: none yet).</summary>
    private (CapacityStep? Pass, CapacityStep? Fail) Bracket() =>
        (_steps.Where(s => s.Passed).MaxBy(s => s.Qps), _steps.Where(s => !s.Passed).MinBy(s => s.Qps));

    /// <summary>Rates to the hundredth of a query a second: readable, and fine enough for any bracket worth bisecting.</summary>
    private static double Round(double qps) => Math.Round(qps, 2);
}
