using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Sinks.Dashboard;
using Emitter.Generator.Stores;
using Emitter.Tests.Cli;
using Emitter.Tests.Fakes;
using Emitter.Tests.Sinks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.Dashboard;

public class DashboardSinkTests
{
    private static SinkConfig Config(params (string Key, string Value)[] settings) =>
        new(SinkTypes.Dashboard, "dashboard", SinkCatalog.Default[SinkTypes.Dashboard].DefaultOnFull, 16,
            SinkSettings.Of("config.yaml", "sinks[0]", settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))));

    private static DashboardSink Create(SinkConfig config) =>
        (DashboardSink)SinkCatalog.Default.Create(config, new SinkServices(Stream.Null, NullLoggerFactory.Instance, TimeProvider.System));

    [Fact]
    public void The_default_address_is_localhost_3000_and_the_originals_port_means_the_same()
    {
        Assert.Equal("http://localhost:3000/ingest", Create(Config()).IngestUri.ToString());
        Assert.Equal("http://localhost:3001/ingest", Create(Config(("port", "3001"))).IngestUri.ToString());
        Assert.Equal("http://127.0.0.1:5123/ingest", Create(Config(("url", "http://127.0.0.1:5123"))).IngestUri.ToString());
    }

    [Theory]
    [InlineData("url", "ftp://somewhere", "sinks[0].url: expected an http:// or https:// address")]
    [InlineData("port", "70000", "sinks[0].port: must be at most 65535")]
    [InlineData("timeout_ms", "0", "sinks[0].timeout_ms: must be at least 1")]
    [InlineData("host", "x", "sinks[0].host: unknown key for this sink")]
    public void Bad_settings_are_refused_naming_the_key(string key, string value, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => Create(Config((key, value))));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Url_and_port_together_are_refused()
    {
        var error = Assert.Throws<ConfigException>(() => Create(Config(("url", "http://localhost:3000"), ("port", "3000"))));
        Assert.Contains("either url or port", error.Message);
    }

    [Fact]
    public void The_dashboard_drops_when_full_by_default_and_an_app_host_address_adds_it()
    {
        using var file = new TempConfig("sinks:\n  - type: stdout\n  - type: dashboard\nservices:\n  - name: api\n    rate_per_sec: 1\n");
        var types = SinkCatalog.Default.Types;
        var listed = new ConfigLoader(_ => null, _ => null, types).Load(file.Path, new ConfigOverrides());
        Assert.Equal(OnFullPolicy.Block, listed.Sinks[0].OnFull);
        Assert.Equal(OnFullPolicy.Drop, listed.Sinks[1].OnFull);

        using var bare = new TempConfig("sinks:\n  - type: stdout\nservices:\n  - name: api\n    rate_per_sec: 1\n");
        var injected = new ConfigLoader(_ => null, key => key == "services:dashboard:http:0" ? "http://localhost:41234" : null, types)
            .Load(bare.Path, new ConfigOverrides());
        var dashboard = Assert.Single(injected.Sinks, s => s.Type == SinkTypes.Dashboard);
        Assert.Equal(OnFullPolicy.Drop, dashboard.OnFull);
        Assert.Equal("http://localhost:41234/ingest", Create(dashboard).IngestUri.ToString());
    }

    [Fact]
    public async Task A_batch_over_the_dashboards_body_cap_goes_in_parts_under_it_and_every_entry_is_delivered()
    {
        const int cap = 64 * 1024;
        await using var dashboard = await DashboardServer.StartAsync($"--Dashboard:MaxIngestBytes={cap}");
        var pool = TestPools.Small(dimensions: 8);
        var entries = SinkDrive.Entries(pool, 3_000);
        var whole = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(DashboardSink.ToContract(new Generator.Model.Batch(entries, entries.Length, 1, SinkDrive.Start)),
            Emitter.Dashboard.Contract.IngestJson.Default.IngestBatch).Length;
        Assert.True(whole > 4 * cap, $"the batch's JSON is {whole:N0} bytes"); // one post of it is answered 413
        await using var sink = Create(Config(("url", dashboard.Address.ToString()), ("max_body_bytes", cap.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        var (stats, _) = await SinkDrive.RunAsync(sink, pool, entries, batchSize: entries.Length);

        Assert.Equal((3_000L, 0L, 0L), (stats.Delivered, stats.Dropped, stats.Failed));
        using var seen = JsonDocument.Parse(await dashboard.Http.GetStringAsync("/stats", TestContext.Current.CancellationToken));
        Assert.Equal(3_000, seen.RootElement.GetProperty("entries").GetInt64());
        var posts = seen.RootElement.GetProperty("flushes").GetInt64();
        Assert.InRange(posts, (whole + cap - 1) / cap, 4 * ((whole + cap - 1) / cap)); // halving: at most twice the fewest parts, give or take the envelope
        TestContext.Current.TestOutputHelper?.WriteLine($"one batch of 3,000 entries, {whole:N0} bytes of JSON, went in {posts} posts under the {cap:N0}-byte cap");
    }

    [Fact]
    public async Task A_dashboard_that_is_down_costs_entries_counted_as_dropped_with_the_reason_not_the_run()
    {
        // A port nobody listens on: connections are refused at once.
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        using var cache = new TempConfig("");
        using var summaryFile = new TempConfig("");
        var sinks = $"  - type: stdout\n  - type: dashboard\n    url: http://127.0.0.1:{port}\n";
        var (exit, lines, errors) = await GeneratorAppTests.RunAsync(GeneratorAppTests.Config(cache.Directory, sinks), "--duration-secs", "1", "--summary", summaryFile.Path);

        Assert.Equal(0, exit); // a live view is not storage: its losses do not fail the run
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryFile.Path, TestContext.Current.CancellationToken));
        var dashboard = summary.RootElement.GetProperty("sinks").GetProperty("dashboard");
        Assert.Equal(lines.Length, summary.RootElement.GetProperty("emitted").GetInt64());
        Assert.Equal(lines.Length, dashboard.GetProperty("dropped").GetInt64());
        Assert.Equal(0, dashboard.GetProperty("delivered").GetInt64());
        Assert.Equal(0, dashboard.GetProperty("failed").GetInt64());
        Assert.Contains("unreachable", dashboard.GetProperty("first_error").GetString());
        Assert.Contains("first error: the dashboard at", errors);
    }

    [Fact]
    public async Task A_dashboard_that_accepts_and_never_answers_costs_dropped_entries_not_the_run()
    {
        await using var dashboard = new SilentServer();
        using var cache = new TempConfig("");
        using var summaryFile = new TempConfig("");
        // Its own timeout far away: every batch still waits for the dashboard when the grace period ends.
        var sinks = $"  - type: stdout\n  - type: dashboard\n    url: {dashboard.Url}\n    timeout_ms: 3600000\n";
        var (exit, lines, _) = await GeneratorAppTests.RunAsync(GeneratorAppTests.Config(cache.Directory, sinks, "shutdown_grace_secs: 1"),
            "--duration-secs", "1", "--summary", summaryFile.Path);

        Assert.Equal(0, exit);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryFile.Path, TestContext.Current.CancellationToken));
        var report = summary.RootElement.GetProperty("sinks").GetProperty("dashboard");
        Assert.Equal(lines.Length, summary.RootElement.GetProperty("emitted").GetInt64());
        Assert.Equal((0L, 0L, lines.LongLength), (report.GetProperty("delivered").GetInt64(), report.GetProperty("failed").GetInt64(), report.GetProperty("dropped").GetInt64()));
        Assert.Contains("grace period ended", report.GetProperty("first_error").GetString());
    }
}
