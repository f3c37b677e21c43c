using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Emitter.AppHost;
using Emitter.AppHost.Bench;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Microsoft.Extensions.Configuration;

namespace Emitter.Tests.AppHost;

/// <summary>
/// <c>Emitter:Bench</c>: one setting turns the app host's generator into the whole benchmark.
/// The app model is composed, not started: no bench runs here.
/// </summary>
public class BenchSettingTests
{
    private static string Shipped => Path.Combine(RepositoryRoot.Path, BenchSetting.ShippedConfig);

    [Fact]
    public async Task The_setting_gives_the_generator_the_bench_config_and_the_summary_path()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Emitter_AppHost>(
        [
            "--Emitter:Bench=true",
            "--Emitter:ContainerRuntime=off",
            "--Emitter:PgVector:LocalServer=false",
            "--ConnectionStrings:pgvector=Host=127.0.0.1;Port=1;Database=emitter;Username=bench",
        ], ct);

        var generator = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "generator");
        var args = await ArgsAsync(generator, ct);
        Assert.Equal(["--config", Shipped, "--summary", Path.Combine(RepositoryRoot.Path, "artifacts", "bench", "summary.json"),
            "--report", Path.Combine(RepositoryRoot.Path, "artifacts", "bench", "report.html")], args);
        // The store it benchmarks is the one the app host wires (here a connection string).
        Assert.Contains(builder.Resources, r => r.Name == "pgvector");
    }

    [Fact]
    public void Without_the_setting_or_false_there_is_no_bench_and_a_missing_file_is_refused_naming_the_key()
    {
        Assert.Null(BenchSetting.Read(Configuration([]), RepositoryRoot.Path));
        Assert.Null(BenchSetting.Read(Configuration(new() { [BenchSetting.Key] = "false" }), RepositoryRoot.Path));
        var custom = BenchSetting.Read(Configuration(new() { [BenchSetting.Key] = Shipped, [BenchSetting.SummaryKey] = "/tmp/x/run.json" }), RepositoryRoot.Path)!;
        Assert.Equal(["--config", Shipped, "--summary", "/tmp/x/run.json", "--report", "/tmp/x/report.html"], custom.GeneratorArgs);

        var e = Assert.Throws<AppHostSettingException>(() => BenchSetting.Read(Configuration(new() { [BenchSetting.Key] = "/nowhere/bench.yaml" }), RepositoryRoot.Path));
        Assert.StartsWith("Emitter:Bench: config file /nowhere/bench.yaml not found", e.Message);
    }

    [Fact]
    public void The_shipped_bench_config_is_valid_and_benchmarks_the_stores_the_app_host_injects()
    {
        var injected = new Dictionary<string, string?> { ["ConnectionStrings:pgvector"] = "Host=127.0.0.1;Database=emitter;Username=bench" };
        var config = new ConfigLoader(_ => null, key => injected.GetValueOrDefault(key), SinkCatalog.Default.Types).Load(Shipped, new ConfigOverrides(null, null));

        var bench = Assert.IsType<Emitter.Generator.Configuration.BenchConfig>(config.Bench);
        Assert.Equal(["steady", "heavy", "recovery"], bench.Phases.Select(p => p.Name));
        Assert.True(bench.PreseedEntries > 0);
        Assert.Equal([SinkTypes.PgVector], config.Sinks.Select(s => s.Type));
    }

    private static async Task<List<string>> ArgsAsync(ProjectResource generator, CancellationToken ct)
    {
        var values = new List<object>();
        var context = new CommandLineArgsCallbackContext(values, generator, ct);
        foreach (var callback in generator.Annotations.OfType<CommandLineArgsCallbackAnnotation>()) await callback.Callback(context);
        return values.Select(v => v.ToString()!).ToList();
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
