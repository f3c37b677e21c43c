using System.Text.Json.Nodes;
using Emitter.Generator;
using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Model;
using Emitter.Generator.Reporting;

namespace Emitter.Tests.Bench;

/// <summary>
/// <c>merge-summaries</c> on bench summaries of three shards: each phase x store x mode's
/// histograms are added, so the merged percentiles are those of all the shards' queries together.
/// </summary>
public class BenchSummaryMergeTests
{
    [Fact]
    public async Task Three_sharded_bench_summaries_merge_into_the_percentiles_of_their_merged_histograms()
    {
        using var dir = new TempConfig("");
        var random = new Random(11);
        var all = new LatencyHistogram();
        var paths = new List<string>();
        for (var shard = 0; shard < 3; shard++)
        {
            // Each shard sees a different latency profile: the merged p99 is none of theirs.
            var histogram = new LatencyHistogram();
            var count = 500 + shard * 400;
            for (var i = 0; i < count; i++)
            {
                var latency = TimeSpan.FromMicroseconds(1000 * (shard + 1) + random.Next(0, 20_000 * (shard * shard + 1)));
                histogram.Record(latency);
                all.Record(latency);
            }
            var path = Path.Combine(dir.Directory, $"shard{shard}.json");
            await File.WriteAllTextAsync(path, Summary(shard, histogram).ToJson(), TestContext.Current.CancellationToken);
            paths.Add(path);
        }

        var merged = Path.Combine(dir.Directory, "merged.json");
        var stderr = new StringWriter();
        var exit = await GeneratorCommand.InvokeAsync(["merge-summaries", .. paths, "-o", merged], Stream.Null, stderr, TestContext.Current.CancellationToken);

        Assert.True(exit == 0, stderr.ToString());
        var cell = JsonNode.Parse(await File.ReadAllTextAsync(merged, TestContext.Current.CancellationToken))!["bench"]!["phases"]![0]!["queries"]!["pgvector"]!["vector"]!;
        var expected = all.Snapshot();
        Assert.Equal(expected.Count, cell["count"]!.GetValue<long>());
        Assert.Equal(expected.P50Ms, cell["p50_ms"]!.GetValue<double>());
        Assert.Equal(expected.P90Ms, cell["p90_ms"]!.GetValue<double>());
        Assert.Equal(expected.P99Ms, cell["p99_ms"]!.GetValue<double>());
        Assert.Equal(expected.MaxMs, cell["max_ms"]!.GetValue<double>());
        var shardP99s = paths.Select(p => JsonNode.Parse(File.ReadAllText(p))!["bench"]!["phases"]![0]!["queries"]!["pgvector"]!["vector"]!["p99_ms"]!.GetValue<double>()).ToList();
        Assert.DoesNotContain(expected.P99Ms, shardP99s);
        Assert.NotEqual(shardP99s.Max(), expected.P99Ms); // not the worst shard's, as merging took before
    }

    [Fact]
    public async Task A_bench_summary_without_histograms_is_refused_with_one_line_naming_it()
    {
        using var dir = new TempConfig("");
        var histogram = new LatencyHistogram();
        histogram.Record(TimeSpan.FromMilliseconds(3));
        var good = Path.Combine(dir.Directory, "good.json");
        var old = Path.Combine(dir.Directory, "old.json");
        var summary = Summary(0, histogram);
        await File.WriteAllTextAsync(good, summary.ToJson(), TestContext.Current.CancellationToken);
        var withoutHistograms = summary with { Bench = summary.Bench! with { Phases = [summary.Bench.Phases[0] with { Histograms = null }] }, Shard = "1/2" };
        await File.WriteAllTextAsync(old, withoutHistograms.ToJson(), TestContext.Current.CancellationToken);

        var stderr = new StringWriter();
        var exit = await GeneratorCommand.InvokeAsync(["merge-summaries", good, old, "-o", Path.Combine(dir.Directory, "m.json")], Stream.Null, stderr, TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
        Assert.Equal($"{old}: its bench phases carry no histograms (a summary from before they were kept): percentiles cannot be merged exactly", stderr.ToString().Trim());
    }

    private static RunSummary Summary(int shard, LatencyHistogram histogram)
    {
        var latency = histogram.Snapshot();
        var freshness = new LatencyHistogram();
        freshness.Record(TimeSpan.FromMilliseconds(200 + shard));
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, T>> Cell<T>(T value) =>
            new Dictionary<string, IReadOnlyDictionary<string, T>> { ["pgvector"] = new Dictionary<string, T> { ["vector"] = value } };
        var phase = new PhaseSummary("steady", 10, 1, new PhaseWrites(100, 5, new Dictionary<string, long> { ["pgvector"] = 105 }),
            Cell(new QuerySummary(latency.Count, new QueryErrors(0, 0, 0, 0, 0, new Dictionary<string, string>()), latency.Count / 10.0, latency.P50Ms, latency.P90Ms, latency.P95Ms, latency.P99Ms, latency.MaxMs, latency.P50Ms, latency.P99Ms, 0, [], 1, 1)),
            Cell(new FreshnessSummary(1, 1, 0, 200 + shard, 200 + shard, 200 + shard)))
        {
            Histograms = Cell(new CellHistograms(histogram.Encode(), freshness.Encode())),
        };
        var bench = new BenchSummary("open", 10, 10, 5, new PreseedSummary(100, 1, 100, null), new BenchEntries(100, 0, 5), [], [phase],
            Cell(new FreshnessSummary(1, 1, 0, 200, 200, 200)), new Dictionary<string, IReadOnlyDictionary<string, object>>(),
            new BenchSeries(1, [new("steady", 0, 10)], Cell<IReadOnlyList<SeriesSample>>([]), Cell<IReadOnlyList<SeriesSample>>([])));
        return new RunSummary(205, 10, 10, 10, 0, 42, "none", new Dictionary<string, long>(), new Dictionary<string, long>(),
            new Dictionary<string, ServiceSummary>(), new Dictionary<string, SinkSummary> { ["pgvector"] = new(105, 0, 0, 0, 1, 5, null) },
            Bench: bench, Shard: $"{shard}/3");
    }
}
