using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Stores;

namespace Emitter.Tests.Configuration;

/// <summary>Shapes, incidents and shards in config.yaml: what loads, and each refusal naming file, line and key.</summary>
public class ScenarioConfigTests
{
    private const string Header = """
        seed: 7
        run_duration_secs: 60
        sinks:
          - type: "null"
        services:
          - name: orders
            rate_per_sec: 300
            shape: { kind: ramp, from: 0.5, to: 2 }
          - name: web
            rate_per_sec: 100

        """;

    private static EmitterConfig Load(string yaml, ConfigOverrides? overrides = null)
    {
        using var file = new TempConfig(yaml);
        return new ConfigLoader(_ => null, _ => null, SinkCatalog.Default.TypesOf(SinkTypes.Null)).Load(file.Path, overrides ?? new ConfigOverrides());
    }

    private static string Refused(string yaml, ConfigOverrides? overrides = null) => Assert.Throws<ConfigException>(() => Load(yaml, overrides)).Message;

    [Fact]
    public void An_incident_takes_its_kinds_defaults_and_a_shard_its_share_of_every_rate()
    {
        var config = Load(Header + """
            shard: 1/3
            incidents:
              - kind: database_pool_exhaustion
                start_secs: 20
                duration_secs: 15
                services: [orders]
            """);

        var incident = Assert.Single(config.Incidents);
        Assert.Equal(IncidentKind.DatabasePoolExhaustion, incident.Kind);
        Assert.Equal(1.5, incident.RateMultiplier);
        Assert.Equal(10, incident.PrecursorSecs);
        Assert.Equal(["orders"], incident.Services);
        Assert.Equal(new Shard(1, 3), config.Shard);
        Assert.Equal([100, 100 / 3.0], config.Services.Select(s => s.RatePerSec));
        Assert.Equal(new RampShape(0.5, 2, 60), config.Services[0].Shape);
        Assert.Null(config.Services[1].Shape);
        // The command line beats the file.
        Assert.Equal(new Shard(2, 4), Load(Header + "shard: 1/3\n", new ConfigOverrides(Shard: new Shard(2, 4))).Shard);
    }

    [Theory]
    [InlineData("incidents:\n  - kind: alien_invasion\n    start_secs: 1\n    duration_secs: 2\n", "emitter-test.yaml:12: incidents[0].kind: unknown incident kind 'alien_invasion'")]
    [InlineData("incidents:\n  - kind: memory_pressure\n    start_secs: 1\n    duration_secs: 2\n    services: [billing]\n", "emitter-test.yaml:15: incidents[0].services: 'billing' is not a service")]
    [InlineData("incidents:\n  - kind: memory_pressure\n    start_secs: 61\n    duration_secs: 2\n", "emitter-test.yaml:13: incidents[0].start_secs: starts at 61 s, after the run's 60 s are over")]
    [InlineData("incidents:\n  - kind: memory_pressure\n    start_secs: 1\n    duration_secs: 2\n    family_share: 2\n", "emitter-test.yaml:15: incidents[0].family_share: a share from 0 to 1, got 2")]
    [InlineData("shard: 3/3\n", "emitter-test.yaml:11: shard: expected i/n with 0 <= i < n <= 1024")]
    public void Bad_scenarios_are_refused_with_file_line_and_key(string extra, string expected)
    {
        Assert.StartsWith(expected, Refused(Header + extra));
    }

    [Fact]
    public void Bad_shapes_are_refused_with_file_line_and_key()
    {
        const string Service = "run_duration_secs: 0\nservices:\n  - name: a\n    rate_per_sec: 10\n    shape:\n";
        Assert.StartsWith("emitter-test.yaml:6: services[0].shape.kind: unknown shape 'sine'", Refused(Service + "      kind: sine\n"));
        Assert.StartsWith("emitter-test.yaml:6: services[0].shape.over_secs: missing", Refused(Service + "      kind: ramp\n"));
        Assert.StartsWith("emitter-test.yaml:8: services[0].shape.burst_secs: must be shorter than every_secs",
            Refused(Service + "      kind: bursts\n      every_secs: 5\n      burst_secs: 5\n"));
        Assert.StartsWith("emitter-test.yaml:9: services[0].shape.steps[1].at_secs: steps go forward in time",
            Refused(Service + "      kind: steps\n      steps:\n        - { at_secs: 5, multiplier: 2 }\n        - { at_secs: 5, multiplier: 3 }\n"));
    }

    [Fact]
    public void A_sharded_run_needs_a_seed()
    {
        Assert.Contains("a sharded run needs a seed", Refused(Header.Replace("seed: 7\n", "") + "shard: 0/2\n"));
    }
}
