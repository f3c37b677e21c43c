using Elastic.Clients.Elasticsearch.Mapping;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Emitter.Generator.Stores.Elasticsearch;
using Emitter.Generator.Stores.Qdrant;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.Sinks;

/// <summary>The Qdrant and Elasticsearch sinks' keys: read, defaulted, refused with file, key and line, secrets never echoed.</summary>
public class StoreSinkConfigTests
{
    private const string Services = "services:\n  - name: api\n    rate_per_sec: 100\n";
    private static readonly IReadOnlyList<SinkType> Available = SinkCatalog.Default.TypesOf(SinkTypes.Stdout, SinkTypes.Qdrant, SinkTypes.Elasticsearch);

    private static IReadOnlyList<SinkConfig> Load(string yaml, Dictionary<string, string>? configuration = null) => SinkConfigs.Load(yaml, Available, configuration);

    private static ILogSink Create(SinkConfig config) => SinkConfigs.Create(config);

    public static TheoryData<string, string, string[]> BadSinks => new()
    {
        { "qdrant without url", "sinks:\n  - type: qdrant\n", ["sinks[0].url", "required", "6334"] },
        { "qdrant unknown key", "sinks:\n  - type: qdrant\n    url: http://localhost:6334\n    colection: x\n", ["emitter-test.yaml:4:", "sinks[0].colection", "unknown key"] },
        { "qdrant bad url", "sinks:\n  - type: qdrant\n    url: localhost\n", ["emitter-test.yaml:3:", "sinks[0].url", "'localhost'"] },
        { "qdrant batch size", "sinks:\n  - type: qdrant\n    url: http://q:6334\n    batch_size: 0\n", ["emitter-test.yaml:4:", "sinks[0].batch_size", "at least 1"] },
        { "qdrant wait", "sinks:\n  - type: qdrant\n    url: http://q:6334\n    wait: maybe\n", ["emitter-test.yaml:4:", "sinks[0].wait", "'maybe'"] },
        { "qdrant collection name", "sinks:\n  - type: qdrant\n    url: http://q:6334\n    collection_name: a/b\n", ["emitter-test.yaml:4:", "sinks[0].collection_name", "'a/b'"] },
        { "qdrant url and connection string", "sinks:\n  - type: qdrant\n    url: http://q:6334\n    connection_string: Endpoint=http://q:6334\n", ["emitter-test.yaml:4:", "sinks[0].connection_string", "not both"] },
        { "elasticsearch without url", "sinks:\n  - type: elasticsearch\n", ["sinks[0].url", "required", "9200"] },
        { "elasticsearch index name", "sinks:\n  - type: elasticsearch\n    url: http://e:9200\n    index_name: Logs\n", ["emitter-test.yaml:4:", "sinks[0].index_name", "'Logs'", "lowercase"] },
        { "elasticsearch index options", "sinks:\n  - type: elasticsearch\n    url: http://e:9200\n    index_options: ivf\n", ["emitter-test.yaml:4:", "sinks[0].index_options", "'ivf'", "int8_hnsw"] },
        { "elasticsearch user without password", "sinks:\n  - type: elasticsearch\n    url: http://e:9200\n    user: elastic\n", ["sinks[0].password", "required"] },
        { "elasticsearch bulk bytes", "sinks:\n  - type: elasticsearch\n    url: http://e:9200\n    bulk_max_bytes: 10\n", ["emitter-test.yaml:4:", "sinks[0].bulk_max_bytes", "at least 1024"] },
        { "elasticsearch unknown key", "sinks:\n  - type: elasticsearch\n    url: http://e:9200\n    index: logs\n", ["emitter-test.yaml:4:", "sinks[0].index", "unknown key", "index_name"] },
    };

    [Theory]
    [MemberData(nameof(BadSinks))]
    public void Bad_sink_settings_are_refused_with_file_key_and_line(string because, string yaml, string[] expected)
    {
        var error = Assert.Throws<ConfigException>(() => { foreach (var sink in Load(yaml + Services)) Create(sink); });
        foreach (var part in expected) Assert.True(error.Message.Contains(part, StringComparison.Ordinal), $"{because}: '{error.Message}' lacks '{part}'");
    }

    [Theory]
    [InlineData("sinks:\n  - type: elasticsearch\n    url: http://e:9200\n    password: hunter2-secret\n    api_key: key-secret\n")]
    [InlineData("sinks:\n  - type: elasticsearch\n    url: http://elastic:hunter2-secret@e:9200\n    user: other\n")]
    [InlineData("sinks:\n  - type: elasticsearch\n    url: http//elastic:hunter2-secret@e\n")]
    [InlineData("sinks:\n  - type: qdrant\n    connection_string: Key=key-secret\n")]
    [InlineData("sinks:\n  - type: qdrant\n    connection_string: Endpoint=http://q:6334;Key=key-secret\n    api_key: other-secret\n")]
    public void Secrets_in_refused_settings_are_not_echoed(string yaml)
    {
        var error = Assert.Throws<ConfigException>(() => { foreach (var sink in Load(yaml + Services)) Create(sink); });
        Assert.DoesNotContain("secret", error.Message);
    }

    [Fact]
    public void Qdrant_reads_an_aspire_connection_string_and_defaults()
    {
        var config = Load(Services, new() { ["ConnectionStrings:qdrant"] = "Endpoint=http://localhost:6334;Key=abc" }).Single(s => s.Type == SinkTypes.Qdrant);
        var options = QdrantSinkOptions.Bind(config.Settings);
        Assert.Equal((new Uri("http://localhost:6334"), "abc", "logs"), (options.Endpoint, options.ApiKey, options.Collection));
        Assert.Equal((256, 4, true), (options.BatchSize, options.MaxInFlight, options.Wait));
        Assert.DoesNotContain("abc", options.ToString());
    }

    [Fact]
    public void Elasticsearch_reads_an_aspire_connection_string_with_user_and_password()
    {
        var config = Load(Services, new() { ["ConnectionStrings:elasticsearch"] = "http://elastic:p%40ss@localhost:9200" }).Single(s => s.Type == SinkTypes.Elasticsearch);
        var options = ElasticsearchSinkOptions.Bind(config.Settings);
        Assert.Equal((new Uri("http://localhost:9200"), "elastic", "p@ss", "logs"), (options.Url, options.User, options.Password, options.Index));
        Assert.Equal((5 * 1024 * 1024, DenseVectorIndexOptionsType.Hnsw), (options.BulkMaxBytes, options.IndexOptions));
        Assert.DoesNotContain("p@ss", options.ToString());
    }

    [Fact]
    public void Elasticsearch_takes_an_api_key_and_another_index_options_type()
    {
        var config = Load("sinks:\n  - type: elasticsearch\n    url: https://e:9200\n    api_key: k\n    index_options: int8_hnsw\n    index_name: app-logs\n" + Services).Single();
        var options = ElasticsearchSinkOptions.Bind(config.Settings);
        Assert.Equal(("k", null, DenseVectorIndexOptionsType.Int8Hnsw, "app-logs"), (options.ApiKey, options.User, options.IndexOptions, options.Index));
    }
}
