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
                        $"  {"",-16} {store,-12} {mode,-8} {q.Count,7:N0} {q.Errors,5:N0} {q.Qps,7:0.#} {q.P50Ms,9:0.00} {q.P90Ms,9:0.00} {q.P95Ms,9:0.00} {q.P99Ms,9:0.00} {q.MaxMs,9:0.00} {Score(q.RecallAtK),7} {Score(q.Mrr),6} {Ms(fresh.P50Ms, fresh.EmitToVisible, "p50"),10} {Ms(fresh.P99Ms, fresh.EmitToVisible, "p99"),10} {fresh.Missing,8:N0}");
                    if (q.FirstError is { } error) text.AppendLine(c, $"  {"",-16} first error: {error}");
                    if (q.RecallExact is { } exact || q.RecallExactSkipped > 0)
                        text.AppendLine(c, $"  {"",-16} recall_exact {Score(q.RecallExact)} over {q.RecallExactSamples:N0} sampled queries{(q.RecallExactSkipped > 0 ? string.Create(c, $", {q.RecallExactSkipped:N0} skipped: {q.RecallExactSkipReason}") : "")}");
                }
            }
        }
        foreach (var (store, modes) in bench.Freshness)
        {
            foreach (var (mode, f) in modes)
            {
                text.AppendLine(c, $"  freshness {store} {mode}: {f.Found:N0} of {f.Markers:N0} markers found, p50 {Ms(f.P50Ms, f.EmitToVisible, "p50")} ms, p99 {Ms(f.P99Ms, f.EmitToVisible, "p99")} ms, max {Ms(f.MaxMs, f.EmitToVisible, "max")} ms, {f.Missing:N0} missing");
                if (f.EmitToAck is { } ack && f.AckToVisible is { } visible)
                    text.AppendLine(c, $"    emit_to_ack {Split(ack)}; ack_to_visible {Split(visible)}{(f.NotAcked > 0 ? string.Create(c, $"; {f.NotAcked:N0} never acknowledged") : "")}");
            }
        }
        return text.ToString();
    }

    /// <summary>A percentile in ms, with &gt; when it fell on a censored marker (the true value is larger).</summary>
    private static string Ms(double ms, FreshnessFigures? figures, string percentile) =>
        (figures?.CensoredAt.Contains(percentile) == true ? ">" : "") + ms.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Split(FreshnessFigures f) =>
        $"p50 {Ms(f.P50Ms, f, "p50")} ms, p99 {Ms(f.P99Ms, f, "p99")} ms, max {Ms(f.MaxMs, f, "max")} ms";

    private static string Score(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-";
}
