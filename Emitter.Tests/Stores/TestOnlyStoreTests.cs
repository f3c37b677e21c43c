using System.Text.Json;
using Emitter.Generator;
using Emitter.Generator.Stores;
using Emitter.Tests.Stores.Memory;

namespace Emitter.Tests.Stores;

/// <summary>
/// Adding a store is one folder plus one catalog line: <see cref="Memory"/> lives only here, and
/// with one line of registration the whole generator writes it, pre-seeds it and benches it.
/// </summary>
public class TestOnlyStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_store_registered_in_one_line_is_written_and_searched_by_a_bench()
    {
        var index = new MemoryIndex();
        var catalog = SinkCatalog.Default.With(new MemoryDescriptor(index));
        using var cache = new TempConfig("");
        using var summaryFile = new TempConfig("");

        var (exit, errors) = await RunAsync(catalog, Yaml(cache.Directory), "--summary", summaryFile.Path);

        Assert.True(exit == 0, errors);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(summaryFile.Path, Ct));
        var sink = document.RootElement.GetProperty("sinks").GetProperty(MemoryDescriptor.Name);
        var delivered = sink.GetProperty("delivered").GetInt64();
        Assert.Equal((0L, 0L), (sink.GetProperty("failed").GetInt64(), sink.GetProperty("dropped").GetInt64()));
        Assert.Equal(delivered, index.Count);
        var bench = document.RootElement.GetProperty("bench");
        Assert.True(bench.GetProperty("preseed").GetProperty("entries").GetInt64() >= 100, bench.GetProperty("preseed").ToString());
        foreach (var mode in new[] { "vector", "keyword", "hybrid" })
        {
            foreach (var phase in bench.GetProperty("phases").EnumerateArray())
            {
                var queries = phase.GetProperty("queries").GetProperty(MemoryDescriptor.Name).GetProperty(mode);
                Assert.True(queries.GetProperty("count").GetInt64() > 0, $"{mode}: no queries");
                Assert.True(queries.GetProperty("errors").GetProperty("total").GetInt64() == 0, $"{mode}: {queries}");
            }
            var freshness = bench.GetProperty("freshness").GetProperty(MemoryDescriptor.Name).GetProperty(mode);
            Assert.True(freshness.GetProperty("markers").GetInt64() > 0, $"{mode}: no markers");
            Assert.True(freshness.GetProperty("found").GetInt64() == freshness.GetProperty("markers").GetInt64(), $"{mode}: {freshness}");
        }
        Assert.True(index.Searches > 0);
        TestContext.Current.SendDiagnosticMessage($"memory store: {delivered} entries delivered and indexed, {index.Searches} searches answered");
    }

    [Fact]
    public async Task Without_its_catalog_line_the_same_config_is_refused_with_one_line()
    {
        using var cache = new TempConfig("");

        var (exit, errors) = await RunAsync(SinkCatalog.Default, Yaml(cache.Directory));

        Assert.Equal(2, exit);
        Assert.Contains("sinks[0].type: unknown sink type 'memory'", errors);
    }

    private static async Task<(int Exit, string Errors)> RunAsync(SinkCatalog catalog, string yaml, params string[] args)
    {
        using var file = new TempConfig(yaml);
        var stderr = new StringWriter();
        var exit = await GeneratorCommand.Create(new MemoryStream(), stderr, catalog: catalog).Parse(["--config", file.Path, .. args]).RunAsync(Ct);
        return (exit, stderr.ToString());
    }

    private static string Yaml(string cacheDirectory) => $"""
        message_pool_size: 40
        flush_interval_ms: 100
        embedding:
          cache_dir: {cacheDirectory}
        sinks:
          - type: memory
        services:
          - name: api
            rate_per_sec: 50
        bench:
          preseed_entries: 100
          phases:
            - name: steady
              duration_secs: 1
              write_rate: 0
            - name: writes
              duration_secs: 2
              write_rate: 1
          queries:
            list: [disk full on node, connection refused, payment declined]
            top_k: 5
            rate_per_sec: 20             # Poisson: at 5/s, one 1 s phase in 150 had no query of a mode
          freshness:
            interval_ms: 500
            max_wait_secs: 10
            probe_interval_ms: 100
          relevance:
            needles: 1
            copies: 2
        """;
}
