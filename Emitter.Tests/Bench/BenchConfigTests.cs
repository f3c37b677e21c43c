using Emitter.Generator.Bench.Queries;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;

namespace Emitter.Tests.Bench;

/// <summary>The bench section: what it reads, what it refuses (file:line: key), and nothing at all without it.</summary>
public class BenchConfigTests
{
    private const string Services = "services:\n  - name: api\n    rate_per_sec: 100\n";
    private const string Phases = "  phases:\n    - {name: steady, duration_secs: 5, write_rate: 0}\n";

    private static EmitterConfig Load(string yaml, ConfigOverrides? overrides = null, string fileName = "emitter-test.yaml")
    {
        using var file = new TempConfig(yaml, fileName);
        return new ConfigLoader(_ => null, _ => null, SinkCatalog.Default.Types).Load(file.Path, overrides ?? new ConfigOverrides());
    }

    [Fact]
    public void Without_a_bench_section_there_is_no_bench()
    {
        Assert.Null(Load(Services).Bench);
    }

    [Fact]
    public void A_bench_section_is_read_with_its_defaults()
    {
        var bench = Load(Services + """
            bench:
              preseed_entries: 100_000
              build_indexes_after_preseed: true
              phases:
                - {name: steady, duration_secs: 60, write_rate: 0}
                - {name: heavy, duration_secs: 120, write_rate: 4}
                - {name: recovery, duration_secs: 60}
              queries:
                modes: [vector, hybrid]
                burst: {size: 100, concurrency: 10}
            """).Bench!;

        Assert.Equal(100_000, bench.PreseedEntries);
        Assert.True(bench.BuildIndexesAfterPreseed);
        Assert.Equal([new BenchPhase("steady", 60, 0), new BenchPhase("heavy", 120, 4), new BenchPhase("recovery", 60, 1)], bench.Phases);
        Assert.Equal(TimeSpan.FromSeconds(240), bench.Duration);
        Assert.Equal([SearchMode.Vector, SearchMode.Hybrid], bench.Queries.Modes);
        Assert.Equal(DefaultQueries.All, bench.Queries.Texts);
        Assert.Equal(10, bench.Queries.TopK);
        Assert.Equal(new BurstConfig(100, 10), bench.Queries.Burst);
        Assert.Equal(new FreshnessConfig(1000, 30, 50), bench.Freshness);
        Assert.Equal(new RelevanceConfig(3, 5, 1000), bench.Relevance);
    }

    [Fact]
    public void Queries_come_from_a_list_or_from_a_file_beside_the_config()
    {
        Assert.Equal(["disk full", "payment declined"], Load(Services + "bench:\n" + Phases + "  queries:\n    list: [disk full, payment declined]\n").Bench!.Queries.Texts);

        using var dir = new TempConfig("# operators' phrasing\ndisk full\n\n  kafka lag  \n", "queries.txt");
        var yaml = Services + "bench:\n" + Phases + "  queries:\n    file: queries.txt\n";
        var config = new ConfigLoader(_ => null, _ => null, SinkCatalog.Default.Types).Load(WriteBeside(dir, yaml), new ConfigOverrides());
        Assert.Equal(["disk full", "kafka lag"], config.Bench!.Queries.Texts);
    }

    private static string WriteBeside(TempConfig other, string yaml)
    {
        var path = Path.Combine(other.Directory, "emitter-test.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    public static TheoryData<string, string, string[]> BadBenches => new()
    {
        { "unknown key", "bench:\n" + Phases + "  preseed: 10\n", ["emitter-test.yaml:7:", "bench.preseed", "unknown key"] },
        { "no phases", "bench:\n  preseed_entries: 10\n", ["emitter-test.yaml:", "bench.phases", "at least one phase"] },
        { "zero duration", "bench:\n  phases:\n    - {name: a, duration_secs: 0}\n", ["emitter-test.yaml:6:", "bench.phases[0].duration_secs", "greater than 0"] },
        { "negative write rate", "bench:\n  phases:\n    - {name: a, duration_secs: 1, write_rate: -1}\n", ["emitter-test.yaml:6:", "bench.phases[0].write_rate", "-1"] },
        { "duplicate phase", "bench:\n  phases:\n    - {name: a, duration_secs: 1}\n    - {name: a, duration_secs: 1}\n", ["emitter-test.yaml:7:", "bench.phases[1].name", "duplicate"] },
        { "bad mode", "bench:\n" + Phases + "  queries:\n    modes: [vector, sparse]\n", ["emitter-test.yaml:8:", "bench.queries.modes", "'sparse'"] },
        { "top_k zero", "bench:\n" + Phases + "  queries:\n    top_k: 0\n", ["emitter-test.yaml:8:", "bench.queries.top_k", "got 0"] },
        { "rate zero", "bench:\n" + Phases + "  queries:\n    rate_per_sec: 0\n", ["emitter-test.yaml:8:", "bench.queries.rate_per_sec", "greater than 0"] },
        { "file and list", "bench:\n" + Phases + "  queries:\n    file: q.txt\n    list: [a]\n", ["emitter-test.yaml:9:", "bench.queries.list", "not both"] },
        { "missing file", "bench:\n" + Phases + "  queries:\n    file: nowhere.txt\n", ["emitter-test.yaml:8:", "bench.queries.file", "not found"] },
        { "burst concurrency", "bench:\n" + Phases + "  queries:\n    burst: {size: 10, concurrency: 0}\n", ["emitter-test.yaml:8:", "bench.queries.burst.concurrency", "at least 1"] },
        { "freshness wait", "bench:\n" + Phases + "  freshness:\n    max_wait_secs: 0\n", ["emitter-test.yaml:8:", "bench.freshness.max_wait_secs", "greater than 0"] },
        { "relevance copies", "bench:\n" + Phases + "  relevance:\n    copies: 0\n", ["emitter-test.yaml:8:", "bench.relevance.copies", "at least 1"] },
        { "bad bool", "bench:\n" + Phases + "  build_indexes_after_preseed: later\n", ["emitter-test.yaml:7:", "bench.build_indexes_after_preseed", "'later'"] },
        // Issue 21, point 4: numeric extremes are refused by the loader, before anything connects.
        { "duration 1e20", "bench:\n  phases:\n    - {name: a, duration_secs: 1e20}\n", ["emitter-test.yaml:6:", "bench.phases[0].duration_secs", "at most 2,073,600", "got 100,000,000,000,000,000,000"] },
        { "phases past the timers", "bench:\n  phases:\n    - {name: a, duration_secs: 2000000}\n    - {name: b, duration_secs: 2000000}\n", ["emitter-test.yaml:7:", "bench.phases[1].duration_secs", "together", "4,000,000"] },
        { "max_wait 1e12", "bench:\n" + Phases + "  freshness:\n    max_wait_secs: 1e12\n", ["emitter-test.yaml:8:", "bench.freshness.max_wait_secs", "at most 3,600"] },
        { "write rate huge", "bench:\n  phases:\n    - {name: a, duration_secs: 1, write_rate: 1e9}\n", ["emitter-test.yaml:6:", "bench.phases[0].write_rate", "at most 1,000"] },
        { "query rate huge", "bench:\n" + Phases + "  queries:\n    rate_per_sec: 1e300\n", ["emitter-test.yaml:8:", "bench.queries.rate_per_sec", "at most 100,000"] },
        { "burst huge", "bench:\n" + Phases + "  queries:\n    burst: {size: 10, concurrency: 2000000000}\n", ["emitter-test.yaml:8:", "bench.queries.burst.concurrency", "at most 10,000"] },
        { "run duration beside phases", "run_duration_secs: 30\nbench:\n" + Phases, ["emitter-test.yaml:4:", "run_duration_secs", "phases"] },
    };

    [Theory]
    [MemberData(nameof(BadBenches))]
    public void A_bad_bench_is_refused_with_file_key_and_line(string because, string bench, string[] expected)
    {
        var error = Assert.Throws<ConfigException>(() => Load(Services + bench));
        foreach (var part in expected) Assert.True(error.Message.Contains(part, StringComparison.Ordinal), $"{because}: '{error.Message}' lacks '{part}'");
    }

    [Fact]
    public void A_duration_on_the_command_line_is_refused_for_a_bench()
    {
        var error = Assert.Throws<ConfigException>(() => Load(Services + "bench:\n" + Phases, new ConfigOverrides(DurationSecs: 10)));
        Assert.StartsWith("--duration-secs:", error.Message);
        Assert.Contains("bench.phases", error.Message);
    }

    [Fact]
    public async Task A_bench_with_no_sink_to_search_stops_the_program_with_exit_code_2()
    {
        var (exit, lines, errors) = await Cli.GeneratorAppTests.RunAsync(Services + "bench:\n" + Phases);

        Assert.Equal(ConfigException.ExitCode, exit);
        Assert.Empty(lines);
        Assert.Contains("emitter-test.yaml: bench: no sink to search", errors);
        Assert.Contains("pgvector", errors);
    }
}
