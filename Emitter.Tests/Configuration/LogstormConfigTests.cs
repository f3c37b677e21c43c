using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Emitter.Generator.Stores.OpenSearch;
using Emitter.Generator.Stores.PgVector;
using Emitter.Generator.Stores.Qdrant;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.Configuration;

/// <summary>
/// logstorm 0.3's own config files, copied unchanged into Data/logstorm (qdrant-labs/logstorm at
/// 929ffe3, version 0.3.0: example_config.yaml, and the configuration block of its README),
/// load with their environment set and mean what they mean there.
/// </summary>
public class LogstormConfigTests
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["OPENAI_API_KEY"] = "sk-logstorm-test-key",
        ["OPENSEARCH_URL"] = "https://localhost:9200",
        ["OPENSEARCH_USER"] = "admin",
        ["OPENSEARCH_PASSWORD"] = "Logstorm-Pass1!",
        ["QDRANT_URL"] = "http://localhost:6334",
        ["ELASTIC_URL"] = "http://localhost:9200",
        ["ELASTIC_USER"] = "elastic",
        ["ELASTIC_PASSWORD"] = "elastic-pass",
        ["PGVECTOR_HOST"] = "localhost",
        ["PGVECTOR_USER"] = "postgres",
        ["PGVECTOR_PASSWORD"] = "pg-pass",
    };

    private static EmitterConfig Load(string name) =>
        new ConfigLoader(Environment.GetValueOrDefault, _ => null, SinkCatalog.Default.Types)
            .Load(Path.Combine(AppContext.BaseDirectory, "Data", "logstorm", name), new ConfigOverrides());

    private static ILogSink Create(SinkConfig sink) =>
        SinkCatalog.Default.Create(sink, new SinkServices(Stream.Null, NullLoggerFactory.Instance, TimeProvider.System));

    [Fact]
    public void The_example_config_runs_one_hybrid_opensearch_sink_skipping_certificate_checks_with_openai_embeddings()
    {
        var config = Load("example_config.yaml");

        Assert.Equal((1000, 3000, 0d, 1000), (config.BufferSize, config.FlushIntervalMs, config.RunDurationSecs, config.MessagePoolSize));
        Assert.Equal((EmbeddingProvider.OpenAI, "sk-logstorm-test-key", "text-embedding-3-small", 1536),
            (config.Embedding.Provider, config.Embedding.ApiKey, config.Embedding.Model, config.Embedding.Dimensions));

        var sink = Assert.Single(config.Sinks);
        Assert.Equal(SinkTypes.OpenSearch, sink.Type);
        var options = OpenSearchSinkOptions.Bind(sink.Settings);
        Assert.Equal(new Uri("https://localhost:9200"), options.Url);
        Assert.Equal(("admin", "Logstorm-Pass1!", "logs", IndexMode.Hybrid, true), (options.User, options.Password, options.Index, options.IndexMode, options.SkipCert));
        Assert.True(SinkCatalog.Default.NeedsVectors(config.Sinks));
        Assert.IsType<OpenSearchSink>(Create(sink));

        Assert.Equal(["api-gateway", "auth-service", "payment-service", "user-service"], config.Services.Select(s => s.Name));
        Assert.Equal([3.0, 1.0, 3.0, 4.0], config.Services.Select(s => s.RatePerSec));
        Assert.Equal([0.05, 0.5, 0.25, 0.2], config.Services.Single(s => s.Name == "payment-service").LevelWeights);
    }

    [Fact]
    public void The_example_configs_other_sinks_uncommented_take_index_mode_as_written()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "logstorm", "example_config.yaml"));
        // Its commented-out sinks, switched on as a user would: qdrant and elasticsearch keyword, pgvector hybrid.
        var uncommented = string.Join('\n', text.Split('\n').Select(l => l.StartsWith("  # - type: stdout") || l.StartsWith("  # - type: dashboard") || l.StartsWith("  #   port")
            ? l : l.StartsWith("  # ") ? "  " + l[4..] : l));
        using var file = new TempConfig(uncommented);
        var environment = new Dictionary<string, string>(Environment) { ["QDRANT_API_KEY"] = "qdrant-key" };
        var config = new ConfigLoader(environment.GetValueOrDefault, _ => null, SinkCatalog.Default.Types).Load(file.Path, new ConfigOverrides());

        Assert.Equal([SinkTypes.Qdrant, SinkTypes.Elasticsearch, SinkTypes.OpenSearch, SinkTypes.PgVector], config.Sinks.Select(s => s.Type));
        Assert.Equal(IndexMode.Keyword, QdrantSinkOptions.Bind(config.Sinks[0].Settings).IndexMode);
        Assert.Equal(IndexMode.Keyword, Generator.Stores.Elasticsearch.ElasticsearchSinkOptions.Bind(config.Sinks[1].Settings).IndexMode);
        Assert.Equal(IndexMode.Hybrid, PgVectorSinkOptions.Bind(config.Sinks[3].Settings).IndexMode);
        Assert.All(config.Sinks, s => Create(s));
    }

    [Fact]
    public void The_readme_config_loads_with_qdrant_elasticsearch_pgvector_and_the_dashboard_all_hybrid()
    {
        var config = Load("readme_config.yaml");

        Assert.Equal([SinkTypes.Qdrant, SinkTypes.Elasticsearch, SinkTypes.PgVector, SinkTypes.Dashboard], config.Sinks.Select(s => s.Type));
        Assert.Equal("logs", QdrantSinkOptions.Bind(config.Sinks[0].Settings).Collection);
        Assert.Equal(IndexMode.Hybrid, QdrantSinkOptions.Bind(config.Sinks[0].Settings).IndexMode);
        Assert.Equal("logs", PgVectorSinkOptions.Bind(config.Sinks[2].Settings).TableName);
        Assert.Equal(30.0, Assert.Single(config.Services).RatePerSec);
        Assert.All(config.Sinks, s => Create(s));
    }

    [Fact]
    public void Keyword_only_sinks_need_no_vectors_and_a_bad_index_mode_is_refused_with_file_line_and_key()
    {
        const string yaml = """
            sinks:
              - type: opensearch
                url: https://localhost:9200
                index_mode: keyword
              - type: pgvector
                host: localhost
                index_mode: semantic
            services:
              - name: api
                rate_per_sec: 1
            """;
        using var file = new TempConfig(yaml);
        var config = new ConfigLoader(_ => null, _ => null, SinkCatalog.Default.Types).Load(file.Path, new ConfigOverrides());
        Assert.False(SinkCatalog.Default.NeedsVectors(config.Sinks.Take(1)));

        var error = Assert.Throws<ConfigException>(() => Create(config.Sinks[1]));
        foreach (var part in new[] { "emitter-test.yaml:7", "sinks[1].index_mode", "semantic", "vector", "keyword", "hybrid" }) Assert.Contains(part, error.Message);
    }
}
