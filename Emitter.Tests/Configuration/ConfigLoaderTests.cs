using Emitter.Generator.Configuration;
using Emitter.Generator.Pool;
using Emitter.Generator.Stores;

namespace Emitter.Tests.Configuration;

public class ConfigLoaderTests
{
    private const string Services = """
        services:
          - name: api
            rate_per_sec: 100
        """;

    private static EmitterConfig Load(string yaml, Dictionary<string, string>? env = null, Dictionary<string, string>? configuration = null, ConfigOverrides? overrides = null)
    {
        using var file = new TempConfig(yaml);
        var loader = new ConfigLoader(
            name => env?.GetValueOrDefault(name),
            key => configuration?.GetValueOrDefault(key),
            SinkCatalog.Default.TypesOf(SinkTypes.Stdout, SinkTypes.Null, SinkTypes.PgVector));
        return loader.Load(file.Path, overrides ?? new ConfigOverrides());
    }

    private static string Refused(string yaml, Dictionary<string, string>? env = null) =>
        Assert.Throws<ConfigException>(() => Load(yaml, env)).Message;

    [Fact]
    public void The_repository_config_loads_with_no_environment()
    {
        var path = System.IO.Path.Combine(AppContext.BaseDirectory, "config.yaml");
        var config = new ConfigLoader(_ => null, _ => null, SinkCatalog.Default.TypesOf(SinkTypes.Stdout)).Load(path, new ConfigOverrides());

        Assert.Equal(EmbeddingProvider.Local, config.Embedding.Provider);
        Assert.Equal(384, config.Embedding.Dimensions);
        Assert.Equal(SinkTypes.Stdout, Assert.Single(config.Sinks).Type);
        Assert.True(config.Services.Count >= 3);
    }

    [Fact]
    public void Defaults_fill_what_the_file_leaves_out()
    {
        var config = Load(Services);

        Assert.Equal(1000, config.BufferSize);
        Assert.Equal(1000, config.FlushIntervalMs);
        Assert.Equal(0, config.RunDurationSecs);
        Assert.Null(config.Seed);
        Assert.Equal(ArrivalProcess.Poisson, config.Services[0].Arrival);
        Assert.Equal(SinkTypes.Stdout, Assert.Single(config.Sinks).Type);
        Assert.Equal(EmbeddingConfig.LocalModel, config.Embedding.Model);
        Assert.Equal(256, config.Embedding.CacheMaxMb);
        Assert.Equal(64, Load("embedding:\n  cache_max_mb: 64\n" + Services).Embedding.CacheMaxMb);
    }

    [Fact]
    public void Command_line_beats_the_file()
    {
        var config = Load("seed: 1\nrun_duration_secs: 60\n" + Services, overrides: new ConfigOverrides(5, 42));
        Assert.Equal(42UL, config.Seed);
        Assert.Equal(5, config.RunDurationSecs);
    }

    [Fact]
    public void Variables_expand_with_defaults_and_comments_are_left_alone()
    {
        var config = Load($$"""
            buffer_size: ${BUFFER}   # ${NOT_EXPANDED_IN_COMMENTS}
            flush_interval_ms: ${FLUSH:-250}
            {{Services}}
            """, new() { ["BUFFER"] = "64" });
        Assert.Equal(64, config.BufferSize);
        Assert.Equal(250, config.FlushIntervalMs);
    }

    [Fact]
    public void An_api_key_selects_openai_and_never_shows_in_text()
    {
        var config = Load("embedding:\n  api_key: ${KEY}\n" + Services, new() { ["KEY"] = "sk-secret-value-123" });
        Assert.Equal(EmbeddingProvider.OpenAI, config.Embedding.Provider);
        Assert.Equal(1536, config.Embedding.Dimensions);
        Assert.DoesNotContain("sk-secret", config.Embedding.ToString());
        Assert.DoesNotContain("sk-secret", config.ToString());
    }

    [Fact]
    public void Injected_connection_strings_add_sinks_the_file_does_not_list()
    {
        var config = Load(Services, configuration: new()
        {
            ["ConnectionStrings:pgvector"] = "Host=localhost;Port=5432",
            ["ConnectionStrings:qdrant"] = "Endpoint=http://localhost:6334", // not in this catalog: left out
        });

        Assert.Equal([SinkTypes.Stdout, SinkTypes.PgVector], config.Sinks.Select(s => s.Type));
        Assert.Equal("Host=localhost;Port=5432", config.Sinks[1].Settings.String("connection_string"));
    }

    [Fact]
    public void Level_weights_read_by_name_and_missing_levels_weigh_nothing()
    {
        var config = Load("""
            services:
              - name: api
                rate_per_sec: 10
                arrival: uniform
                level_weights: { INFO: 3, error: 1 }
            """);
        Assert.Equal([0, 3, 0, 1], config.Services[0].LevelWeights);
        Assert.Equal(ArrivalProcess.Uniform, config.Services[0].Arrival);
    }

    [Fact]
    public void Pool_size_up_to_the_in_memory_ceiling_is_accepted()
    {
        var largest = ConfigLoader.MaxPoolSize;
        var config = Load($"message_pool_size: {largest}\n" + Services);
        Assert.Equal(largest, config.MessagePoolSize);
    }
}
