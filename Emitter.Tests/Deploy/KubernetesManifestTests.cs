using Emitter.Generator.Configuration;
using Emitter.Generator.Stores;
using YamlDotNet.RepresentationModel;

namespace Emitter.Tests.Deploy;

/// <summary>
/// deploy/kubernetes parsed (no cluster can run here): the Indexed Job's n pods are the n shards,
/// the completion index reaches --shard, the config comes from the ConfigMap (and loads), the keys
/// from the Secret, telemetry goes to a collector.
/// </summary>
public class KubernetesManifestTests
{
    private static readonly string Folder = Path.Combine(Repository(), "deploy", "kubernetes");

    private static string Repository()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Emitter.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("No Emitter.sln above the test output.");
    }

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Folder, file))));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (current, key) => ((YamlMappingNode)current).Children[new YamlScalarNode(key)]);

    private static string Text(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    [Fact]
    public void The_indexed_job_runs_one_shard_per_completion_index()
    {
        var job = Load("job.yaml");
        Assert.Equal("Job", Text(job, "kind"));
        Assert.Equal("Indexed", Text(job, "spec", "completionMode"));
        var n = int.Parse(Text(job, "spec", "completions"));
        Assert.Equal(n, int.Parse(Text(job, "spec", "parallelism")));

        var container = ((YamlSequenceNode)At(job, "spec", "template", "spec", "containers")).Children.Single();
        var args = ((YamlSequenceNode)At(container, "args")).Children.Select(a => ((YamlScalarNode)a).Value!).ToList();
        var shard = args[args.IndexOf("--shard") + 1];
        Assert.Equal($"$(JOB_COMPLETION_INDEX)/{n}", shard);
        // Every index the Job hands out is a shard the generator accepts, and they are all different shards.
        Assert.Equal(n, Enumerable.Range(0, n).Select(i => Shard.TryParse(shard.Replace("$(JOB_COMPLETION_INDEX)", i.ToString()), out _)).Distinct().Count(s => s is not null));
        Assert.Contains("--start-at", args);

        var env = ((YamlSequenceNode)At(container, "env")).Children.ToDictionary(e => Text(e, "name"));
        Assert.Equal("metadata.annotations['batch.kubernetes.io/job-completion-index']", Text(env["JOB_COMPLETION_INDEX"], "valueFrom", "fieldRef", "fieldPath"));
        Assert.True(DateTimeOffset.TryParse(Text(env["START_AT"], "value"), out _));
        Assert.StartsWith("http", Text(env["OTEL_EXPORTER_OTLP_ENDPOINT"], "value"));

        // Keys from the Secret, config from the ConfigMap, both by the names those manifests declare.
        var secret = Load("secret.yaml");
        var configMap = Load("configmap.yaml");
        var envFrom = ((YamlSequenceNode)At(container, "envFrom")).Children.Single();
        Assert.Equal(Text(secret, "metadata", "name"), Text(envFrom, "secretRef", "name"));
        var volumes = ((YamlSequenceNode)At(job, "spec", "template", "spec", "volumes")).Children.ToDictionary(v => Text(v, "name"));
        Assert.Equal(Text(configMap, "metadata", "name"), Text(volumes["config"], "configMap", "name"));
        var mount = ((YamlSequenceNode)At(container, "volumeMounts")).Children.Single(m => Text(m, "name") == "config");
        Assert.Equal(Path.Combine(Text(mount, "mountPath"), "config.yaml"), args[args.IndexOf("--config") + 1]);
    }

    [Fact]
    public void The_config_map_holds_a_config_the_generator_loads_with_the_secrets_keys()
    {
        var configMap = Load("configmap.yaml");
        var secret = Load("secret.yaml");
        var keys = ((YamlMappingNode)At(secret, "stringData")).Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value);
        using var file = new TempConfig(Text(configMap, "data", "config.yaml"), "config.yaml");

        var config = new ConfigLoader(name => keys.GetValueOrDefault(name), _ => null, SinkCatalog.Default.TypesOf(SinkTypes.PgVector))
            .Load(file.Path, new ConfigOverrides(Shard: new Shard(2, 3)));

        Assert.NotNull(config.Seed); // every shard must build the same pool
        Assert.Equal(SinkTypes.PgVector, Assert.Single(config.Sinks).Type);
        Assert.Single(config.Incidents);
    }

    /// <summary>A SIGKILL before the drain and the summary are done leaves no summary (issue 21, point 8).</summary>
    [Fact]
    public void The_jobs_termination_grace_outlasts_the_shutdown_grace_plus_the_summary()
    {
        var job = Load("job.yaml");
        var configMap = Load("configmap.yaml");
        var secret = Load("secret.yaml");
        var keys = ((YamlMappingNode)At(secret, "stringData")).Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value);
        using var file = new TempConfig(Text(configMap, "data", "config.yaml"), "config.yaml");
        var config = new ConfigLoader(name => keys.GetValueOrDefault(name), _ => null, SinkCatalog.Default.TypesOf(SinkTypes.PgVector))
            .Load(file.Path, new ConfigOverrides(Shard: new Shard(0, 3)));

        var spec = (YamlMappingNode)At(job, "spec", "template", "spec");
        var grace = spec.Children.TryGetValue(new YamlScalarNode("terminationGracePeriodSeconds"), out var node) ? int.Parse(((YamlScalarNode)node).Value!) : 30; // Kubernetes' default
        const int SummaryAllowance = 15; // the last writes' timeouts and the summary file
        TestContext.Current.TestOutputHelper?.WriteLine($"terminationGracePeriodSeconds {grace}, shutdown_grace_secs {config.ShutdownGraceSecs}");
        Assert.True(grace >= config.ShutdownGraceSecs + SummaryAllowance, $"terminationGracePeriodSeconds {grace} <= shutdown_grace_secs {config.ShutdownGraceSecs} + {SummaryAllowance}");
    }

    /// <summary>Without an SSL mode Npgsql prefers TLS but falls back to plaintext and verifies nothing (issue 21, point 7).</summary>
    [Fact]
    public void The_secrets_connection_string_requires_tls()
    {
        var secret = Load("secret.yaml");
        var text = Text(secret, "stringData", "PGVECTOR_CONNECTION_STRING");
        var mode = new Npgsql.NpgsqlConnectionStringBuilder(text).SslMode;
        Assert.Contains(mode, new[] { Npgsql.SslMode.Require, Npgsql.SslMode.VerifyCA, Npgsql.SslMode.VerifyFull });
        Assert.Contains("SSL Mode", File.ReadAllText(Path.Combine(Folder, "secret.yaml"))); // and the comment says why
    }
}
