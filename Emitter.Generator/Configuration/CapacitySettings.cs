namespace Emitter.Generator.Configuration;

/// <summary>bench.capacity as the run used it: the latency target and the bounds of the search.</summary>
/// <param name="SloP99Ms">A step passes while its p99 (over every due query, failures at their timeout) is at most this.</param>
/// <param name="MaxErrorRate">…and its errors over due queries are at most this fraction.</param>
public sealed record CapacitySettings(double SloP99Ms, double MaxErrorRate, double StartQps, double MaxQps, double StepSecs, int MaxSteps)
{
    /// <summary>Steps the ramp takes from start_qps to max_qps (doubling, the last one capped at max_qps).</summary>
    public static int RampSteps(double startQps, double maxQps) =>
        startQps >= maxQps ? 1 : (int)Math.Ceiling(Math.Log2(maxQps / startQps) - 1e-9) + 1;
}
