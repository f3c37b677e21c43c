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
        var loop = bench.Capacity is { } capacity
            ? string.Create(c, $"open loop, capacity search per phase, store and mode: the highest rate whose {capacity.StepSecs:0.#} s step keeps p99 <= {capacity.SloP99Ms:0.##} ms and errors <= {capacity.MaxErrorRate:0.##%} ({capacity.StartQps:0.##} to {capacity.MaxQps:0.##} qps, at most {capacity.MaxSteps} steps); the figures below are those of the step at that rate")
            : bench.Loop == "open"
            ? $"open loop, {bench.QueryRatePerSec:0.##} queries/s per store and mode (latency from the scheduled time)"
            : "closed loop (bursts; latency = service time, hides queueing)";
        text.AppendLine(c, $"Bench: {bench.Queries} queries, top {bench.TopK}, {loop}");
        if (bench.Targets is { Count: > 0 } targets)
            text.AppendLine(c, $"  searched: {string.Join(", ", targets.Select(kv => $"{kv.Key} {kv.Value.Key} {kv.Value.Name}{(kv.Value.MadeForRun ? " (made for this run)" : "")}"))}");
        if (bench.SearchSettings is { } searches)
        {
            foreach (var (store, settings) in searches.Where(kv => kv.Value.Count > 0))
                text.AppendLine(c, $"  {store} searches with {string.Join(", ", settings.Select(kv => string.Create(c, $"{kv.Key} {kv.Value}")))}");
        }
        var preseed = bench.Preseed;
        text.Append(c, $"  pre-seed: {preseed.Entries:N0} entries in {preseed.Secs:0.0} s ({preseed.Rate:N0}/s)");
        text.Append(preseed.IndexBuildSecs is { } build ? string.Create(c, $", indexes built in {build:0.0} s") : "");
        text.AppendLine(preseed.Settle is { } settle
            ? string.Create(c, $", settled in {preseed.SettleSecs:0.000} s ({string.Join("; ", settle.Select(kv => string.Create(c, $"{kv.Key}: {kv.Value.Action}, {kv.Value.Secs:0.000} s")))})")
            : "");
        text.AppendLine(c, $"  every due query is in p50..max; one without an answer counts at timeout_ms ({bench.TimeoutMs} ms), shown >= (censored); ok p50/p99: successes only");
        text.AppendLine("  phase            store        mode       count   err     qps     p50 ms     p90 ms     p95 ms     p99 ms     max ms  ok p50  ok p99  recall    mrr  fresh p50  fresh p99  missing");
        foreach (var phase in bench.Phases)
        {
            var delivered = string.Join(", ", phase.Writes.Delivered.Select(kv => string.Create(c, $"{kv.Key} {kv.Value:N0}")));
            var warmup = phase.WarmupSecs > 0 ? string.Create(c, $", first {phase.WarmupSecs:0.#} s warm-up not in the figures") : "";
            text.AppendLine(c, $"  {phase.Name} ({phase.DurationSecs:0.#} s{warmup}, writes x{phase.WriteRate:0.##}: {phase.Writes.Emitted:N0} emitted, {phase.Writes.Markers:N0} markers; delivered {delivered})");
            if (phase.Driver is { } driver)
            {
                var cpu = driver.Cpu is { } used ? string.Create(c, $"{used:0.00} of {driver.Cores} cores") : "not measured";
                text.AppendLine(c, $"  {"",-16} driver: send lateness p99 {driver.LatenessP99Ms:0.###} ms, cpu {cpu}");
                if (driver.Warning is { } warning) text.AppendLine(c, $"  {"",-16} WARNING: {warning}");
            }
            if (phase.Probes is { } probes)
                text.AppendLine(c, $"  {"",-16} probes: {string.Join(", ", probes.Select(kv => string.Create(c, $"{kv.Key} {kv.Value.Count:N0} ({kv.Value.Qps:0.#}/s of {kv.Value.BudgetPerSec:0.#}/s)")))}");
            if (phase.Offered is { } offered)
                text.AppendLine(c, $"  {"",-16} offered load: {offered.TotalPerSec:N1}/s = queries {offered.QueriesPerSec:N1} + probes {offered.ProbesPerSec:N1} + writes {offered.WritesPerSec:N1}");
            foreach (var (store, modes) in phase.Queries)
            {
                foreach (var (mode, q) in modes)
                {
                    var fresh = phase.Freshness[store][mode];
                    text.AppendLine(c,
                        $"  {"",-16} {store,-12} {mode,-8} {q.Count,7:N0} {q.Errors.Total,5:N0} {q.Qps,7:0.#} {Ms(q, "p50_ms", q.P50Ms)} {Ms(q, "p90_ms", q.P90Ms)} {Ms(q, "p95_ms", q.P95Ms)} {Ms(q, "p99_ms", q.P99Ms)} {Ms(q, "max_ms", q.MaxMs)} {q.OkP50Ms,7:0.0} {q.OkP99Ms,7:0.0} {Score(q.RecallAtK),7} {Score(q.Mrr),6} {Fresh(fresh.P50Ms, fresh.EmitToVisible, "p50"),10} {Fresh(fresh.P99Ms, fresh.EmitToVisible, "p99"),10} {fresh.Missing,8:N0}");
                    foreach (var (reason, first) in q.Errors.First)
                        text.AppendLine(c, $"  {"",-16} {Count(q.Errors, reason):N0} {reason}, first: {first}");
                    if (q.RecallExact is { } exact || q.RecallExactSkipped > 0)
                        text.AppendLine(c, $"  {"",-16} recall_exact {Score(q.RecallExact)} over {q.RecallExactSamples:N0} sampled queries{(q.RecallExactSkipped > 0 ? string.Create(c, $", {q.RecallExactSkipped:N0} skipped: {q.RecallExactSkipReason}") : "")}");
                    if (phase.Capacity?.GetValueOrDefault(store)?.GetValueOrDefault(mode) is { } found)
                        text.AppendLine(c, $"  {"",-16} {Capacity(found)}");
                }
            }
        }
        foreach (var (store, modes) in bench.Freshness)
        {
            foreach (var (mode, f) in modes)
            {
                text.AppendLine(c, $"  freshness {store} {mode}: {f.Found:N0} of {f.Markers:N0} markers found, p50 {Fresh(f.P50Ms, f.EmitToVisible, "p50")} ms, p99 {Fresh(f.P99Ms, f.EmitToVisible, "p99")} ms, max {Fresh(f.MaxMs, f.EmitToVisible, "max")} ms, {f.Missing:N0} missing");
                if (f.EmitToAck is { } ack && f.AckToVisible is { } visible)
                    text.AppendLine(c, $"    emit_to_ack {Split(ack)}; ack_to_visible {Split(visible)}{(f.NotAcked > 0 ? string.Create(c, $"; {f.NotAcked:N0} never acknowledged") : "")}");
            }
        }
        return text.ToString();
    }

    /// <summary>A capacity search's answer on one line: max_qps_at_slo, what stopped it, the steps tried.</summary>
    private static string Capacity(CapacityResult r)
    {
        var c = CultureInfo.InvariantCulture;
        var at = r.P99Ms is { } p99 ? string.Create(c, $" (p99 {p99:0.0} ms, errors {r.ErrorRate:0.0%})") : " (no step passed)";
        var steps = string.Join(" ", r.Steps.Select(s => string.Create(c, $"{s.Qps:0.##}{(s.Passed ? "+" : "-")}")));
        return string.Create(c, $"max_qps_at_slo {r.MaxQpsAtSlo:0.##}{at}, limited by {r.LimitedBy}, {r.Steps.Count} steps in {r.Secs:0.0} s: {steps}");
    }

    /// <summary>A figure, with >= when it falls on a censored value (the true one is at least that).</summary>
    private static string Ms(QuerySummary q, string key, double ms)
    {
        var figure = ms.ToString("0.00", CultureInfo.InvariantCulture);
        return (q.Censored.Contains(key) ? ">=" + figure : figure).PadLeft(10);
    }

    private static long Count(QueryErrors errors, string reason) => reason switch
    {
        "timeout" => errors.Timeout,
        "not_sent" => errors.NotSent,
        "refused" => errors.Refused,
        _ => errors.Failed,
    };

    /// <summary>A percentile in ms, with &gt; when it fell on a censored marker (the true value is larger).</summary>
    private static string Fresh(double ms, FreshnessFigures? figures, string percentile) =>
        (figures?.CensoredAt.Contains(percentile) == true ? ">" : "") + ms.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Split(FreshnessFigures f) =>
        $"p50 {Fresh(f.P50Ms, f, "p50")} ms, p99 {Fresh(f.P99Ms, f, "p99")} ms, max {Fresh(f.MaxMs, f, "max")} ms";

    private static string Score(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-";
}
