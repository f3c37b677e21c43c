using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Configuration;
using Emitter.Generator.Stores;

namespace Emitter.Tests.Bench.Capacity;

/// <summary>bench.capacity: its defaults, the phases it sizes, and every bound refused with file:line: key before anything connects.</summary>
public class CapacityConfigTests
{
    private const string Services = "services:\n  - name: api\n    rate_per_sec: 100\n";
    private const string Phases = "  phases:\n    - {name: quiet, write_rate: 0}\n    - {name: busy, write_rate: 2, warmup_secs: 5}\n";

    private static EmitterConfig Load(string yaml)
    {
        using var file = new TempConfig(yaml, "emitter-test.yaml");
        return new ConfigLoader(_ => null, _ => null, SinkCatalog.Default.Types).Load(file.Path, new ConfigOverrides());
    }

    [Fact]
    public void Capacity_is_read_with_its_defaults_and_each_phase_lasts_its_searches_bound()
    {
        var bench = Load(Services + "bench:\n" + Phases + "  queries:\n    modes: [vector, keyword]\n    timeout_ms: 1000\n  capacity:\n    slo_p99_ms: 25\n").Bench!;

        Assert.Equal(new CapacitySettings(25, 0.01, 10, 1000, 10, 12), bench.Capacity);
        // One store, two modes: 2 x (12 steps x (10 s + 1 s timeout) + 1 s) = 266 s, after the phase's warm-up.
        Assert.Equal([266, 271], bench.Phases.Select(p => p.DurationSecs));
        var three = bench.ForStores(3);
        Assert.Equal([798, 803], three.Phases.Select(p => p.DurationSecs));
        Assert.Equal(TimeSpan.FromSeconds(1601), three.Duration);
    }

    [Fact]
    public void The_searches_bound_for_the_stores_is_refused_past_the_runs_limit_naming_the_capacity_key()
    {
        var bench = Load(Services + "bench:\n" + Phases + "  queries:\n    modes: [vector]\n  capacity:\n    slo_p99_ms: 25\n    step_secs: 3600\n    max_steps: 100\n    start_qps: 0.1\n    max_qps: 10\n").Bench!;

        var error = Assert.Throws<ConfigException>(() => bench.ForStores(4));
        Assert.StartsWith("emitter-test.yaml:11: bench.capacity:", error.Message);
        Assert.Contains("24 days", error.Message);
    }

    private const string Capacity = "  capacity:\n";

    public static TheoryData<string, string, string[]> BadCapacities => new()
    {
        { "no target", Capacity + "    max_qps: 100\n", ["emitter-test.yaml:9:", "bench.capacity.slo_p99_ms", "missing"] },
        { "target zero", Capacity + "    slo_p99_ms: 0\n", ["emitter-test.yaml:9:", "bench.capacity.slo_p99_ms", "greater than 0"] },
        { "target past the timeout", Capacity + "    slo_p99_ms: 5000\n", ["emitter-test.yaml:9:", "bench.capacity.slo_p99_ms", "timeout_ms (5000"] },
        { "error rate 1", Capacity + "    slo_p99_ms: 20\n    max_error_rate: 1\n", ["emitter-test.yaml:10:", "bench.capacity.max_error_rate", "less than 1"] },
        { "error rate negative", Capacity + "    slo_p99_ms: 20\n    max_error_rate: -0.1\n", ["emitter-test.yaml:10:", "bench.capacity.max_error_rate", "-0.1"] },
        { "max qps huge", Capacity + "    slo_p99_ms: 20\n    max_qps: 1e9\n", ["emitter-test.yaml:10:", "bench.capacity.max_qps", "at most 100,000"] },
        { "start above max", Capacity + "    slo_p99_ms: 20\n    start_qps: 200\n    max_qps: 100\n", ["emitter-test.yaml:10:", "bench.capacity.start_qps", "at most max_qps (100)"] },
        { "step zero", Capacity + "    slo_p99_ms: 20\n    step_secs: 0\n", ["emitter-test.yaml:10:", "bench.capacity.step_secs", "greater than 0"] },
        { "step a day", Capacity + "    slo_p99_ms: 20\n    step_secs: 86400\n", ["emitter-test.yaml:10:", "bench.capacity.step_secs", "at most 3,600"] },
        { "too few queries a step", Capacity + "    slo_p99_ms: 20\n    step_secs: 2\n", ["emitter-test.yaml:10:", "bench.capacity.step_secs", "at least 100", "10 x 2 = 20"] },
        { "steps fewer than the ramp", Capacity + "    slo_p99_ms: 20\n    max_steps: 5\n", ["emitter-test.yaml:10:", "bench.capacity.max_steps", "must be 8 (the doubling from start_qps 10 to max_qps 1000) to 100, got 5"] },
        { "steps unbounded", Capacity + "    slo_p99_ms: 20\n    max_steps: 100000\n", ["emitter-test.yaml:10:", "bench.capacity.max_steps", "to 100"] },
        { "unknown key", Capacity + "    slo_p99_ms: 20\n    slo_p95_ms: 10\n", ["emitter-test.yaml:10:", "bench.capacity.slo_p95_ms", "unknown key"] },
        { "a fixed rate beside", "  queries:\n    rate_per_sec: 50\n" + Capacity + "    slo_p99_ms: 20\n", ["emitter-test.yaml:9:", "bench.queries.rate_per_sec", "leave rate_per_sec out"] },
        { "bursts beside", "  queries:\n    burst: {size: 10, concurrency: 2}\n" + Capacity + "    slo_p99_ms: 20\n", ["emitter-test.yaml:9:", "bench.queries.burst", "open loop"] },
    };

    [Theory]
    [MemberData(nameof(BadCapacities))]
    public void A_bad_capacity_is_refused_with_file_key_and_line(string because, string capacity, string[] expected)
    {
        var error = Assert.Throws<ConfigException>(() => Load(Services + "bench:\n" + Phases + capacity));
        foreach (var part in expected) Assert.True(error.Message.Contains(part, StringComparison.Ordinal), $"{because}: '{error.Message}' lacks '{part}'");
    }

    [Fact]
    public void A_capacity_phase_with_a_duration_is_refused_its_length_is_the_searches()
    {
        var error = Assert.Throws<ConfigException>(() => Load(Services + "bench:\n  phases:\n    - {name: a, duration_secs: 60}\n" + Capacity + "    slo_p99_ms: 20\n"));
        Assert.StartsWith("emitter-test.yaml:6: bench.phases[0].duration_secs:", error.Message);
        Assert.Contains("leave duration_secs out", error.Message);
    }

    [Fact]
    public async Task A_bad_capacity_stops_the_program_before_it_connects_with_one_line_and_exit_code_2()
    {
        // The sink's server does not exist: a refusal after connecting would be about the connection.
        var (exit, lines, errors) = await Cli.GeneratorAppTests.RunAsync(Services
            + "sinks:\n  - type: pgvector\n    connection_string: \"Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z\"\n"
            + "bench:\n" + Phases + Capacity + "    slo_p99_ms: 20\n    max_steps: 3\n");

        Assert.Equal(ConfigException.ExitCode, exit);
        Assert.Empty(lines);
        Assert.Equal("emitter-test.yaml:13: bench.capacity.max_steps: must be 8 (the doubling from start_qps 10 to max_qps 1000) to 100, got 3", errors.Trim());
    }
}
