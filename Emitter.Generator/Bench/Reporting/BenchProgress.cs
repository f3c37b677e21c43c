using System.Globalization;
using System.Text;
using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;

namespace Emitter.Generator.Bench.Reporting;

/// <summary>
/// The reads in the terminal's progress line during a bench: per store and mode, the last
/// interval's answered queries per second, p50, p99 and errors, and the markers found and given up on so far.
/// </summary>
public static class BenchProgress
{
    public static string Line(BenchMeasurements measurements, IReadOnlyList<string> stores, IReadOnlyList<SearchMode> modes, TimeSpan interval)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder("reads:");
        foreach (var store in stores)
        {
            foreach (var mode in modes)
            {
                var cells = measurements.For(store, mode);
                var (latency, errors) = cells.Recent.Take();
                var fresh = cells.FreshnessOverall;
                text.Append(c, $" {store} {mode.Name()} {latency.Count / Math.Max(interval.TotalSeconds, 1e-3):0.#} qps");
                text.Append(latency.Count == 0 ? " p50 - p99 -" : $" p50 {Ms(latency.P50Ms)} ms p99 {Ms(latency.P99Ms)} ms");
                text.Append(c, $" {errors:N0} err, markers {fresh.Latency.Count:N0} found {fresh.Missing:N0} missing;");
            }
        }
        return text.ToString().TrimEnd(';');
    }

    /// <summary>Two significant digits, as the interval's histogram holds them.</summary>
    private static string Ms(double ms) => ms.ToString(ms >= 10 ? "0" : ms >= 1 ? "0.#" : "0.##", CultureInfo.InvariantCulture);
}
