using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Configuration;
using Emitter.Tests.AppHost;
using Emitter.Tests.PgVector;
using Json.Schema;

namespace Emitter.Tests.Bench.Capacity;

/// <summary>A bench with a capacity search against the real PostgreSQL with pgvector, wired as the program wires it.</summary>
public class PgVectorCapacityTests
{
    [Fact]
    public async Task A_bounded_search_ends_within_its_phase_and_the_rate_it_reports_kept_p99_within_the_target()
    {
        var table = PgVectorTestDatabase.NewTable("capacity");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        var stepped = new ConcurrentQueue<CapacityProgress>();
        try
        {
            // One store, two modes, two phases; steps of 2 s from 50 to 400 qps, one bisection; a target a loaded machine can meet at 50 qps.
            var (summary, bench) = await PgVectorBench.RunAsync(PgVectorBench.Yaml(table, """
                  preseed_entries: 1000
                  phases:
                    - {name: quiet, write_rate: 0}
                    - {name: writing, write_rate: 1}
                  queries:
                    modes: [vector, keyword]
                    timeout_ms: 1000
                    warmup: 5
                  freshness:
                    interval_ms: 500
                  relevance:
                    needles: 0
                  capacity:
                    slo_p99_ms: 250
                    start_qps: 50
                    max_qps: 400
                    step_secs: 2
                    max_steps: 5
                """), run => run.CapacityStepped += stepped.Enqueue);

            var text = BenchText.Format(summary.Bench!);
            TestContext.Current.SendDiagnosticMessage(text);
            Assert.Equal(new CapacitySettings(250, 0.01, 50, 400, 2, 5), summary.Bench!.Capacity);
            // The bound: per store and mode, 5 steps of 2 s plus the 1 s timeout each, and a second.
            var bound = 2 * (5 * 3.0 + 1);
            Assert.Equal(TimeSpan.FromSeconds(2 * bound), bench.Duration);

            using var json = JsonDocument.Parse(summary.ToJson());
            // The bench part of the summary against the published schema's bench definition (capacity included).
            var published = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "docs", "bench-summary.schema.json"), TestContext.Current.CancellationToken))!;
            var benchSchema = JsonSchema.FromText(new JsonObject { ["$defs"] = published["$defs"]!.DeepClone(), ["$ref"] = "#/$defs/bench" }.ToJsonString());
            var valid = benchSchema.Evaluate(json.RootElement.GetProperty("bench"), new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(valid.IsValid, JsonSerializer.Serialize(valid));
            Assert.True(json.RootElement.GetProperty("bench").GetProperty("capacity").TryGetProperty("slo_p99_ms", out _));
            var phases = json.RootElement.GetProperty("bench").GetProperty("phases").EnumerateArray().ToList();
            Assert.Equal(["quiet", "writing"], phases.Select(p => p.GetProperty("name").GetString()));
            var searches = 0.0;
            var answered = 0;
            foreach (var (phase, i) in phases.Select((p, i) => (p, i)))
            {
                foreach (var mode in new[] { "vector", "keyword" })
                {
                    var found = phase.GetProperty("capacity").GetProperty("pgvector").GetProperty(mode);
                    var result = summary.Bench.Phases[i].Capacity!["pgvector"][mode];
                    var steps = result.Steps;
                    Assert.InRange(steps.Count, 1, 5);
                    Assert.Contains(result.LimitedBy, new[] { "slo", "errors", "max_qps", "max_steps" });
                    Assert.True(result.Secs <= bound / 2, $"{mode}: the search took {result.Secs} s, past its bound {bound / 2} s");
                    searches += result.Secs;
                    Assert.Equal(result.MaxQpsAtSlo, found.GetProperty("max_qps_at_slo").GetDouble());
                    Assert.Equal(steps.Count, found.GetProperty("steps").GetArrayLength());
                    // Each step ran its rate for 1 s: about rate x 1 queries (Poisson), every one counted.
                    Assert.All(steps, s => Assert.InRange(s.Queries, s.Qps * 2 * 0.6, s.Qps * 2 * 1.4));
                    if (result.MaxQpsAtSlo > 0)
                    {
                        // At the reported rate the step's p99 (every due query, failures at the timeout) kept within the target,
                        // and the phase's query figures are that step's.
                        var at = steps.Single(s => s.Qps == result.MaxQpsAtSlo);
                        Assert.True(at.Passed && at.P99Ms <= 250 && at.ErrorRate <= 0.01, $"{mode}: {at}");
                        answered++;
                        Assert.Equal(at.P99Ms, result.P99Ms);
                        var q = summary.Bench.Phases[i].Queries["pgvector"][mode];
                        Assert.Equal(at.Queries, q.Count);
                        Assert.True(q.P99Ms <= 250);
                    }
                    Assert.Contains($"max_qps_at_slo {result.MaxQpsAtSlo:0.##}", text);
                    // Every step raised as it ended, the last marked done with the answer.
                    var raised = stepped.Where(p => p.PhaseName == summary.Bench.Phases[i].Name && p.Mode == mode).ToList();
                    Assert.Equal(steps, raised.Select(p => p.Step));
                    Assert.Equal([.. Enumerable.Repeat(false, steps.Count - 1), true], raised.Select(p => p.Done));
                    Assert.Equal(result.MaxQpsAtSlo, raised[^1].MaxQpsAtSlo);
                }
            }
            TestContext.Current.SendDiagnosticMessage($"searches took {searches:0.0} s of {2 * bound} s bound");
            // Some step passed somewhere, so the checks at the answer above ran (50 qps at a 250 ms p99 is light work even on a loaded machine).
            Assert.True(answered > 0, "no search found a rate within the target");
        }
        finally
        {
            await db.DropAsync(table);
        }
    }
}
