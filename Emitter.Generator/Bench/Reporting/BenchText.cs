using System.Globalization;
using System.Text;

namespace Emitter.Generator.Bench.Reporting;

/// <summary>The bench's results as the table printed under the run summary.</summary>
public static class BenchText
{
    public static string Format(BenchSummary bench)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        var loop = bench.Loop == "open"
            ? $"open loop, {bench.QueryRatePerSec:0.##} queries/s per store and mode (latency from the scheduled time)"
            : "closed loop (bursts; latency = service time, hides queueing)";
        text.AppendLine(c, $"Bench: {bench.Queries} queries, top {bench.TopK}, {loop}");
        var preseed = bench.Preseed;
        text.Append(c, $"  pre-seed: {preseed.Entries:N0} entries in {preseed.Secs:0.0} s ({preseed.Rate:N0}/s)");
        text.AppendLine(preseed.IndexBuildSecs is { } build ? string.Create(c, $", indexes built in {build:0.0} s") : "");
        text.AppendLine("  phase            store        mode       count   err     qps    p50 ms    p90 ms    p95 ms    p99 ms    max ms  recall    mrr  fresh p50  fresh p99  missing");
        foreach (var phase in bench.Phases)
        {
            var delivered = string.Join(", ", phase.Writes.Delivered.Select(kv => string.Create(c, $"{kv.Key} {kv.Value:N0}")));
            text.AppendLine(c, $"  {phase.Name} ({phase.DurationSecs:0.#} s, writes x{phase.WriteRate:0.##}: {phase.Writes.Emitted:N0} emitted, {phase.Writes.Markers:N0} markers; delivered {delivered})");
            foreach (var (store, modes) in phase.Queries)
            {
                foreach (var (mode, q) in modes)
                {
                    var fresh = phase.Freshness[store][mode];
                    text.AppendLine(c,
                        $"  {"",-16} {store,-12} {mode,-8} {q.Count,7:N0} {q.Errors,5:N0} {q.Qps,7:0.#} {q.P50Ms,9:0.00} {q.P90Ms,9:0.00} {q.P95Ms,9:0.00} {q.P99Ms,9:0.00} {q.MaxMs,9:0.00} {Score(q.RecallAtK),7} {Score(q.Mrr),6} {fresh.P50Ms,10:0.0} {fresh.P99Ms,10:0.0} {fresh.Missing,8:N0}");
                    if (q.FirstError is { } error) text.AppendLine(c, $"  {"",-16} first error: {error}");
                }
            }
        }
        foreach (var (store, modes) in bench.Freshness)
        {
            foreach (var (mode, f) in modes)
                text.AppendLine(c, $"  freshness {store} {mode}: {f.Found:N0} of {f.Markers:N0} markers found, p50 {f.P50Ms:0.0} ms, p99 {f.P99Ms:0.0} ms, max {f.MaxMs:0.0} ms, {f.Missing:N0} missing");
        }
        return text.ToString();
    }

    private static string Score(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-";
}
