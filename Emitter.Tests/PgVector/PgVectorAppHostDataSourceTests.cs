using System.Diagnostics;
using System.Text.Json;
using Emitter.Tests.AppHost;
using Emitter.Tests.Cli;

namespace Emitter.Tests.PgVector;

/// <summary>
/// Given an app host's ConnectionStrings:pgvector, the generator registers that server through
/// Aspire.Npgsql and the pgvector sink it adds writes through that data source: rows equal what
/// was emitted, and Npgsql's metrics reach the app host's OTLP endpoint beside Emitter's own.
/// </summary>
public class PgVectorAppHostDataSourceTests
{
    [Fact]
    public async Task The_sink_an_app_host_announces_writes_through_the_Aspire_Npgsql_data_source()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await PgVectorPrivateDatabase.CreateAsync("apphost");
        await using var collector = await OtlpCollector.StartAsync(ct);
        using var cache = new TempConfig("");
        using var config = new TempConfig(GeneratorAppTests.Config(cache.Directory, extra: "run_duration_secs: 3"));
        using var summaryFile = new TempConfig("");
        var start = new ProcessStartInfo("dotnet", [GeneratorProgram.Path, "--config", config.Path, "--summary", summaryFile.Path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__pgvector"] = database.ConnectionString;
        start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint.ToString().TrimEnd('/');
        start.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        start.Environment["OTEL_METRIC_EXPORT_INTERVAL"] = "500";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        await output;

        Assert.True(process.ExitCode == 0, errors);
        Assert.Contains("Sink pgvector: table logs", errors);
        Assert.Contains("the app host's Aspire.Npgsql data source", errors);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryFile.Path, ct));
        var emitted = summary.RootElement.GetProperty("emitted").GetInt64();
        var pgvector = summary.RootElement.GetProperty("sinks").GetProperty("pgvector");
        Assert.True(emitted > 0);
        Assert.Equal(emitted, pgvector.GetProperty("delivered").GetInt64());
        await using var db = await PgVectorTestDatabase.OpenAsync(database.ConnectionString);
        Assert.Equal(emitted, await db.ScalarAsync<long>("SELECT count(DISTINCT id) FROM logs"));
        Assert.Equal(emitted, await db.ScalarAsync<long>("SELECT count(*) FROM logs"));
        // Npgsql's meter is exported only because the Aspire integration registered it.
        Assert.True(collector.HasMetric("Npgsql"), $"no Npgsql metrics in {collector.MetricExports} exports");
        Assert.True(collector.HasMetric("emitter.sink.entries.delivered"));
    }
}
