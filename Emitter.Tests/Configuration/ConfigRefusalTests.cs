using Emitter.Generator.Configuration;
using Emitter.Generator.Pool;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;

namespace Emitter.Tests.Configuration;

/// <summary>Every bad input named by the issue: one message naming file, key (or variable or value) and line.</summary>
public class ConfigRefusalTests
{
    private const string Api = "  - name: api\n    rate_per_sec: 100\n";

    public static TheoryData<string, string, string[]> BadConfigs => new()
    {
        { "not YAML", "services: [\n  - name: a\n", ["emitter-test.yaml:", "not valid YAML"] },
        { "unknown key", "buffer_sise: 10\nservices:\n" + Api, ["emitter-test.yaml:1:", "buffer_sise", "unknown key"] },
        { "unknown nested key", "services:\n  - name: api\n    rate_per_sec: 100\n    rate: 5\n", ["emitter-test.yaml:4:", "services[0].rate", "unknown key"] },
        { "wrong type", "buffer_size: lots\nservices:\n" + Api, ["emitter-test.yaml:1:", "buffer_size", "'lots'"] },
        { "wrong type (list for a number)", "flush_interval_ms: [1, 2]\nservices:\n" + Api, ["emitter-test.yaml:1:", "flush_interval_ms", "a list"] },
        { "unknown sink type", "sinks:\n  - type: kafka\nservices:\n" + Api, ["emitter-test.yaml:2:", "sinks[0].type", "'kafka'"] },
        { "unknown sink key", "sinks:\n  - type: stdout\n    formt: json\nservices:\n" + Api, ["emitter-test.yaml:3:", "sinks[0].formt", "unknown key"] },
        { "bad sink value", "sinks:\n  - type: stdout\n    format: xml\nservices:\n" + Api, ["emitter-test.yaml:3:", "sinks[0].format", "'xml'"] },
        { "zero rate", "services:\n  - name: api\n    rate_per_sec: 0\n", ["emitter-test.yaml:3:", "services[0].rate_per_sec", "greater than 0"] },
        { "negative rate", "services:\n  - name: api\n    rate_per_sec: -5\n", ["emitter-test.yaml:3:", "services[0].rate_per_sec", "-5"] },
        { "negative weight", "services:\n" + Api + "    level_weights: {info: 1, error: -1}\n", ["emitter-test.yaml:4:", "services[0].level_weights.error", "negative"] },
        { "all-zero weights", "services:\n" + Api + "    level_weights: {info: 0, error: 0}\n", ["emitter-test.yaml:4:", "services[0].level_weights", "zero"] },
        { "unknown level", "services:\n" + Api + "    level_weights: {info: 1, fatal: 1}\n", ["emitter-test.yaml:4:", "services[0].level_weights.fatal", "unknown level"] },
        { "no services", "buffer_size: 10\n", ["emitter-test.yaml", "services", "no services"] },
        { "empty services", "services: []\n", ["emitter-test.yaml:1:", "services", "no services"] },
        { "duplicate service", "services:\n" + Api + Api, ["emitter-test.yaml:4:", "services[1].name", "duplicate service name 'api'", "line 2"] },
        { "buffer_size zero", "buffer_size: 0\nservices:\n" + Api, ["emitter-test.yaml:1:", "buffer_size", "greater than 0"] },
        // Issue 21, point 4: every number has a maximum.
        { "buffer_size 2e9", "buffer_size: 2000000000\nservices:\n" + Api, ["emitter-test.yaml:1:", "buffer_size", "at most 1,000,000", "2,000,000,000"] },
        { "flush interval a year", "flush_interval_ms: 2000000000\nservices:\n" + Api, ["emitter-test.yaml:1:", "flush_interval_ms", "at most 3,600,000"] },
        { "queue capacity huge", "sinks:\n  - type: stdout\n    queue_capacity: 100000000\nservices:\n" + Api, ["emitter-test.yaml:3:", "sinks[0].queue_capacity", "at most 1,000"] },
        { "flush interval negative", "flush_interval_ms: -1\nservices:\n" + Api, ["emitter-test.yaml:1:", "flush_interval_ms", "greater than 0"] },
        { "pool larger than the vocabulary", $"message_pool_size: {MessagePoolBuilder.Capacity + 1}\nservices:\n" + Api, ["emitter-test.yaml:1:", "message_pool_size", "at most", $"{MessagePoolBuilder.Capacity:N0}"] },
        { "pool larger than memory allows", $"message_pool_size: {ConfigLoader.MaxPoolSize + 1}\nservices:\n" + Api, ["emitter-test.yaml:1:", "message_pool_size", $"{ConfigLoader.MaxPoolSize:N0}"] },
        { "pool below one per level", "message_pool_size: 3\nservices:\n" + Api, ["emitter-test.yaml:1:", "message_pool_size", "at least 4"] },
        { "local dimensions", "embedding:\n  dimensions: 1536\nservices:\n" + Api, ["emitter-test.yaml:2:", "embedding.dimensions", "384"] },
        { "openai dimensions", "embedding:\n  api_key: sk-x\n  model: text-embedding-3-small\n  dimensions: 4096\nservices:\n" + Api, ["emitter-test.yaml:4:", "embedding.dimensions", "1 to 1536"] },
        { "ada fixed dimensions", "embedding:\n  api_key: sk-x\n  model: text-embedding-ada-002\n  dimensions: 512\nservices:\n" + Api, ["emitter-test.yaml:4:", "embedding.dimensions", "only 1536"] },
        { "unset variable", "buffer_size: 10\nflush_interval_ms: ${EMITTER_TEST_UNSET_VARIABLE}\nservices:\n" + Api, ["emitter-test.yaml:2:", "EMITTER_TEST_UNSET_VARIABLE", "not set"] },
        { "cache bound zero", "embedding:\n  cache_max_mb: 0\nservices:\n" + Api, ["emitter-test.yaml:2:", "embedding.cache_max_mb", "greater than 0, got 0"] },
        { "cache bound negative", "embedding:\n  cache_max_mb: -64\nservices:\n" + Api, ["emitter-test.yaml:2:", "embedding.cache_max_mb", "-64"] },
        { "cache bound not a number", "embedding:\n  cache_max_mb: 1GB\nservices:\n" + Api, ["emitter-test.yaml:2:", "embedding.cache_max_mb", "'1GB'"] },
        { "unknown provider", "embedding:\n  provider: cohere\nservices:\n" + Api, ["emitter-test.yaml:2:", "embedding.provider", "'cohere'"] },
        { "openai without key", "embedding:\n  provider: openai\nservices:\n" + Api, ["emitter-test.yaml", "embedding.api_key", "OPENAI_API_KEY"] },
        { "bad arrival", "services:\n" + Api + "    arrival: bursty\n", ["emitter-test.yaml:4:", "services[0].arrival", "'bursty'"] },
        { "bad on_full", "sinks:\n  - type: stdout\n    on_full: wait\nservices:\n" + Api, ["emitter-test.yaml:3:", "sinks[0].on_full", "'wait'"] },
        { "duration beyond the timers' reach", "run_duration_secs: 5000000\nservices:\n" + Api, ["emitter-test.yaml:1:", "run_duration_secs", "at most"] },
        { "grace beyond the timers' reach", "shutdown_grace_secs: 1e12\nservices:\n" + Api, ["emitter-test.yaml:1:", "shutdown_grace_secs", "at most"] },
        { "nan rate", "services:\n  - name: api\n    rate_per_sec: nan\n", ["emitter-test.yaml:3:", "services[0].rate_per_sec", "'nan'"] },
        { "infinite grace", "shutdown_grace_secs: .inf\nservices:\n" + Api, ["emitter-test.yaml:1:", "shutdown_grace_secs", "'.inf'"] },
        { "tiny rate", "services:\n  - name: api\n    rate_per_sec: 1e-300\n", ["emitter-test.yaml:3:", "services[0].rate_per_sec", "at least"] },
        { "huge rate", "services:\n  - name: api\n    rate_per_sec: 1e308\n", ["emitter-test.yaml:3:", "services[0].rate_per_sec", "at most"] },
        { "complex key at the root", "? [a, b]\n: 1\nservices:\n" + Api, ["emitter-test.yaml:1:", "a plain name"] },
        { "complex key in a sink", "sinks:\n  - type: stdout\n    ? {a: 1}\n    : 2\nservices:\n" + Api, ["emitter-test.yaml:3:", "sinks[0]", "a plain name"] },
        { "complex key in level weights", "services:\n" + Api + "    level_weights: {? [info] : 1}\n", ["emitter-test.yaml:4:", "services[0].level_weights", "a plain name"] },
        { "a lone colon (YamlDotNet's ArgumentException)", "embedding:\n  api_key: ${OPENAI_API_KEY:-}\n  jitter: 0.01   # noise\n:\nsinks:\n  - type: stdout\nservices:\n" + Api, ["emitter-test.yaml:", "not valid YAML"] },
        { "unclosed deep flow list (YamlDotNet's InvalidOperationException)", "services:\n  - name: " + new string('[', 60) + "]\n    rate_per_sec: 1\n", ["emitter-test.yaml:", "not valid YAML"] },
        { "duplicate sink names", "sinks:\n  - type: stdout\n  - type: stdout\nservices:\n" + Api, ["emitter-test.yaml:2:", "sinks", "'stdout'"] },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void Bad_config_is_refused_with_file_key_and_line(string because, string yaml, string[] expected)
    {
        using var file = new TempConfig(yaml);
        var loader = new ConfigLoader(_ => null, _ => null, SinkCatalog.Default.TypesOf(SinkTypes.Stdout));

        // As the program does: the file, then every sink's own settings, before anything starts.
        var services = new SinkServices(Stream.Null, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, TimeProvider.System);
        var error = Assert.Throws<ConfigException>(() =>
        {
            foreach (var sink in loader.Load(file.Path, new ConfigOverrides()).Sinks) SinkCatalog.Default.Create(sink, services);
        });

        foreach (var part in expected) Assert.True(error.Message.Contains(part, StringComparison.Ordinal), $"{because}: '{error.Message}' lacks '{part}'");
        Assert.DoesNotContain("\n", error.Message.TrimEnd());
        Assert.DoesNotContain("   at ", error.Message);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e12)]
    public void A_command_line_duration_no_timer_can_wait_is_refused_naming_the_option(double seconds)
    {
        using var file = new TempConfig("services:\n" + Api);
        var loader = new ConfigLoader(_ => null, _ => null, SinkCatalog.Default.TypesOf(SinkTypes.Stdout));

        var error = Assert.Throws<ConfigException>(() => loader.Load(file.Path, new ConfigOverrides(seconds, null)));

        Assert.StartsWith("--duration-secs: ", error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var loader = new ConfigLoader(_ => null, _ => null, SinkCatalog.Default.TypesOf(SinkTypes.Stdout));
        var error = Assert.Throws<ConfigException>(() => loader.Load("/nonexistent/emitter.yaml", new ConfigOverrides()));
        Assert.Contains("/nonexistent/emitter.yaml", error.Message);
        Assert.Contains("not found", error.Message);
    }

    [Fact]
    public void A_secret_in_a_bad_value_is_not_echoed_when_the_key_is_not_the_problem()
    {
        using var file = new TempConfig("embedding:\n  api_key: sk-very-secret\n  dimensions: 99999\nservices:\n" + Api);
        var loader = new ConfigLoader(_ => null, _ => null, SinkCatalog.Default.TypesOf(SinkTypes.Stdout));
        var error = Assert.Throws<ConfigException>(() => loader.Load(file.Path, new ConfigOverrides()));
        Assert.DoesNotContain("sk-very-secret", error.Message);
    }
}
