using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Sinks.Dashboard;
using Emitter.Generator.Stores;
using Emitter.Generator.Stores.Elasticsearch;
using Emitter.Generator.Stores.PgVector;
using Emitter.Generator.Stores.Qdrant;
using Emitter.Tests.Cli;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.Sinks;

/// <summary>
/// Each check the sinks share is written once (SinkSettings) and refuses the same way in every
/// sink that uses it: the whole line <c>file:line: sinks[0].key: problem</c>, never a secret.
/// </summary>
public class SinkOptionsTests
{
    private const string Services = "services:\n  - name: api\n    rate_per_sec: 100\n";

    private static IReadOnlyList<SinkConfig> Load(string sinks, Dictionary<string, string>? env = null, Dictionary<string, string>? injected = null)
    {
        using var file = new TempConfig(sinks + Services);
        var loader = new ConfigLoader(name => env?.GetValueOrDefault(name), key => injected?.GetValueOrDefault(key), SinkCatalog.Default.Types);
        return loader.Load(file.Path, new ConfigOverrides()).Sinks;
    }

    private static string Refusal(string sinks, Dictionary<string, string>? env = null)
    {
        var services = new SinkServices(Stream.Null, NullLoggerFactory.Instance, TimeProvider.System);
        return Assert.Throws<ConfigException>(() => { foreach (var sink in Load(sinks, env)) SinkCatalog.Default.Create(sink, services); }).Message;
    }

    public static TheoryData<string, string, string> SharedChecks => new()
    {
        // url or connection_string (and their kin): one helper, refused at the second key's line.
        { "qdrant url and connection_string", "sinks:\n  - type: qdrant\n    url: http://q:6334\n    connection_string: Endpoint=http://q:6334\n",
            "emitter-test.yaml:4: sinks[0].connection_string: give either url or connection_string, not both" },
        { "elasticsearch url and connection_string", "sinks:\n  - type: elasticsearch\n    url: http://e:9200\n    connection_string: http://e:9200\n",
            "emitter-test.yaml:4: sinks[0].connection_string: give either url or connection_string, not both" },
        { "pgvector connection_string and host", "sinks:\n  - type: pgvector\n    connection_string: Host=db\n    host: db\n",
            "emitter-test.yaml:4: sinks[0].host: give either connection_string or host/port/user/password/database, not both" },
        { "dashboard url and port", "sinks:\n  - type: dashboard\n    url: http://d:3000\n    port: 3000\n",
            "emitter-test.yaml:4: sinks[0].port: give either url or port, not both (port 3000 means url http://localhost:3000)" },
        { "qdrant neither", "sinks:\n  - type: qdrant\n",
            "emitter-test.yaml: sinks[0].url: is required, e.g. http://localhost:6334 (the gRPC port), or give connection_string" },
        { "elasticsearch neither", "sinks:\n  - type: elasticsearch\n",
            "emitter-test.yaml: sinks[0].url: is required, e.g. http://localhost:9200, or give connection_string" },

        // Port range.
        { "dashboard port too high", "sinks:\n  - type: dashboard\n    port: 70000\n", "emitter-test.yaml:3: sinks[0].port: must be at most 65535, got 70000" },
        { "pgvector port too high", "sinks:\n  - type: pgvector\n    host: db\n    port: 70000\n", "emitter-test.yaml:4: sinks[0].port: must be at most 65535, got 70000" },
        { "dashboard port zero", "sinks:\n  - type: dashboard\n    port: 0\n", "emitter-test.yaml:3: sinks[0].port: must be at least 1, got 0" },
        { "pgvector port zero", "sinks:\n  - type: pgvector\n    host: db\n    port: 0\n", "emitter-test.yaml:4: sinks[0].port: must be at least 1, got 0" },

        // Absolute http(s) address.
        { "dashboard url", "sinks:\n  - type: dashboard\n    url: ftp://somewhere\n",
            "emitter-test.yaml:3: sinks[0].url: expected an http:// or https:// address such as http://localhost:3000, got 'ftp://somewhere'" },
        { "qdrant url", "sinks:\n  - type: qdrant\n    url: localhost:6334\n",
            "emitter-test.yaml:3: sinks[0].url: expected an http:// or https:// address such as http://localhost:6334 (the gRPC port), got 'localhost:6334'" },
        { "elasticsearch url", "sinks:\n  - type: elasticsearch\n    url: localhost:9200\n",
            "emitter-test.yaml:3: sinks[0].url: expected an http:// or https:// address such as http://localhost:9200, got 'localhost:9200'" },
        { "elasticsearch connection_string (a secret: not shown)", "sinks:\n  - type: elasticsearch\n    connection_string: localhost:9200\n",
            "emitter-test.yaml:3: sinks[0].connection_string: expected an http:// or https:// address such as http://localhost:9200, got a value (not shown: it is secret)" },

        // Enumerations.
        { "stdout format", "sinks:\n  - type: stdout\n    format: xml\n", "emitter-test.yaml:3: sinks[0].format: unknown value 'xml' (expected one of: text, json)" },
        { "pgvector write_mode", "sinks:\n  - type: pgvector\n    host: db\n    write_mode: bulk\n", "emitter-test.yaml:4: sinks[0].write_mode: unknown value 'bulk' (expected one of: copy, unnest)" },
        { "elasticsearch index_options", "sinks:\n  - type: elasticsearch\n    url: http://e:9200\n    index_options: ivf\n",
            "emitter-test.yaml:4: sinks[0].index_options: unknown value 'ivf' (expected one of: hnsw, int8_hnsw, int4_hnsw, bbq_hnsw, flat, int8_flat, int4_flat, bbq_flat, bbq_disk)" },

        // Timeouts: at least 1, at most one hour (int.MaxValue seconds used to pass and overflow later).
        { "qdrant timeout near int.MaxValue", "sinks:\n  - type: qdrant\n    url: http://q:6334\n    timeout_secs: 2147483647\n",
            "emitter-test.yaml:4: sinks[0].timeout_secs: must be at most 3600 s (one hour), got 2147483647" },
        { "elasticsearch timeout past an hour", "sinks:\n  - type: elasticsearch\n    url: http://e:9200\n    timeout_secs: 3601\n",
            "emitter-test.yaml:4: sinks[0].timeout_secs: must be at most 3600 s (one hour), got 3601" },
        { "dashboard timeout past an hour", "sinks:\n  - type: dashboard\n    timeout_ms: 3600001\n",
            "emitter-test.yaml:3: sinks[0].timeout_ms: must be at most 3600000 ms (one hour), got 3600001" },
        { "qdrant timeout zero", "sinks:\n  - type: qdrant\n    url: http://q:6334\n    timeout_secs: 0\n", "emitter-test.yaml:4: sinks[0].timeout_secs: must be at least 1, got 0" },
        { "elasticsearch timeout zero", "sinks:\n  - type: elasticsearch\n    url: http://e:9200\n    timeout_secs: 0\n", "emitter-test.yaml:4: sinks[0].timeout_secs: must be at least 1, got 0" },
        { "dashboard timeout zero", "sinks:\n  - type: dashboard\n    timeout_ms: 0\n", "emitter-test.yaml:3: sinks[0].timeout_ms: must be at least 1, got 0" },
    };

    [Theory]
    [MemberData(nameof(SharedChecks))]
    public void A_shared_check_refuses_the_same_way_in_every_sink(string because, string sinks, string expected) =>
        Assert.True(Refusal(sinks) == expected, $"{because}: got '{Refusal(sinks)}'");

    [Fact]
    public void Every_sink_type_refuses_a_key_it_does_not_declare_before_anything_else()
    {
        var services = new SinkServices(Stream.Null, NullLoggerFactory.Instance, TimeProvider.System);
        foreach (var type in SinkCatalog.Default.Types.Select(t => t.Name))
        {
            var config = new SinkConfig(type, type, OnFullPolicy.Block, 16, SinkSettings.Of("config.yaml", "sinks[0]", [new("no_such_key", "1")]));

            var error = Assert.Throws<ConfigException>(() => SinkCatalog.Default.Create(config, services));

            Assert.StartsWith("config.yaml: sinks[0].no_such_key: unknown key for this sink (", error.Message);
        }
    }

    [Fact]
    public void A_timeout_of_exactly_one_hour_is_taken()
    {
        var sinks = Load("sinks:\n  - type: qdrant\n    url: http://q:6334\n    timeout_secs: 3600\n"
            + "  - type: elasticsearch\n    url: http://e:9200\n    timeout_secs: 3600\n"
            + "  - type: dashboard\n    timeout_ms: 3600000\n");

        Assert.Equal(TimeSpan.FromHours(1), QdrantSinkOptions.Bind(sinks[0].Settings).Timeout);
        Assert.Equal(TimeSpan.FromHours(1), ElasticsearchSinkOptions.Bind(sinks[1].Settings).Timeout);
        Assert.Equal(TimeSpan.FromHours(1), DashboardSinkOptions.Bind(sinks[2].Settings).Timeout);
    }

    [Fact]
    public void Pgvector_writes_through_the_app_hosts_data_source_only_for_the_sink_the_app_host_announced()
    {
        var injected = Load("", injected: new() { ["ConnectionStrings:pgvector"] = "Host=db;Password=pw" }).Single(s => s.Type == SinkTypes.PgVector);
        var listed = Load("sinks:\n  - type: pgvector\n    connection_string: Host=db;Password=pw\n").Single();
        // A file that happens to carry the app host's key as its name is still a file: no name is compared.
        var namedLikeTheAppHost = SinkSettings.Of("ConnectionStrings:pgvector", "pgvector", [new("connection_string", "Host=db")]);

        Assert.Equal(PgVectorConnections.AppHost, PgVectorSinkOptions.Bind(injected.Settings).Connections);
        Assert.Equal(PgVectorConnections.AppHost, PgVectorSinkOptions.Bind(injected.Settings.With("create_indexes", "false")).Connections);
        Assert.Equal(PgVectorConnections.Own, PgVectorSinkOptions.Bind(listed.Settings).Connections);
        Assert.Equal(PgVectorConnections.Own, PgVectorSinkOptions.Bind(namedLikeTheAppHost).Connections);
    }

    public static TheoryData<string, string, Dictionary<string, string>, string> SecretsFromVariables => new()
    {
        { "pgvector password with a line break", "sinks:\n  - type: pgvector\n    host: db\n    password: ${PG_PASSWORD}\n", new() { ["PG_PASSWORD"] = "hunter2\nx" },
            "emitter-test.yaml:4: sinks[0].password: holds a control character such as a line break (from ${PG_PASSWORD}, not shown)" },
        { "elasticsearch password with a carriage return", "sinks:\n  - type: elasticsearch\n    url: http://e:9200\n    user: elastic\n    password: ${ES_PASSWORD}\n", new() { ["ES_PASSWORD"] = "hunter2\r" },
            "emitter-test.yaml:5: sinks[0].password: holds a control character such as a line break (from ${ES_PASSWORD}, not shown)" },
        { "elasticsearch api_key with a tab", "sinks:\n  - type: elasticsearch\n    url: http://e:9200\n    api_key: ${ES_KEY}\n", new() { ["ES_KEY"] = "hunter2\tkey" },
            "emitter-test.yaml:4: sinks[0].api_key: holds a control character such as a line break (from ${ES_KEY}, not shown)" },
        { "qdrant api_key with a line break", "sinks:\n  - type: qdrant\n    url: http://q:6334\n    api_key: ${QDRANT_KEY}\n", new() { ["QDRANT_KEY"] = "hunter2\n" },
            "emitter-test.yaml:4: sinks[0].api_key: holds a control character such as a line break (from ${QDRANT_KEY}, not shown)" },
        { "a port from a variable", "sinks:\n  - type: pgvector\n    host: db\n    port: ${PG_PORT}\n", new() { ["PG_PORT"] = "hunter2" },
            "emitter-test.yaml:4: sinks[0].port: expected a whole number, got the value of ${PG_PORT}" },
        { "a url from a variable", "sinks:\n  - type: qdrant\n    url: ${QDRANT_URL}\n", new() { ["QDRANT_URL"] = "grpc://hunter2" },
            "emitter-test.yaml:3: sinks[0].url: expected an http:// or https:// address such as http://localhost:6334 (the gRPC port), got the value of ${QDRANT_URL}" },
        { "an elasticsearch connection string from a variable", "sinks:\n  - type: elasticsearch\n    connection_string: ${ES_URL}\n", new() { ["ES_URL"] = "elastic:hunter2.e" },
            "emitter-test.yaml:3: sinks[0].connection_string: expected an http:// or https:// address such as http://localhost:9200, got a value (from ${ES_URL}, not shown)" },
        { "a pgvector password holding ';' spliced into a connection string", "sinks:\n  - type: pgvector\n    connection_string: Host=db;Password=${PG_PASSWORD}\n", new() { ["PG_PASSWORD"] = "abc;hunter2=x" },
            "emitter-test.yaml:3: sinks[0].connection_string: not a valid connection string (keyword Npgsql does not know: 1 after a password, not shown (a password holding ';' goes in quotes))" },
    };

    [Theory]
    [MemberData(nameof(SecretsFromVariables))]
    public void A_refused_secret_or_variable_is_named_by_key_and_line_never_printed(string because, string sinks, Dictionary<string, string> env, string expected)
    {
        var message = Refusal(sinks, env);

        Assert.True(message == expected, $"{because}: got '{message}'");
        Assert.DoesNotContain("hunter2", message);
    }

    [Fact]
    public void A_mistyped_keyword_before_the_password_is_still_named()
    {
        var message = Refusal("sinks:\n  - type: pgvector\n    connection_string: Host=db;Pasword=hunter2\n");

        Assert.StartsWith("emitter-test.yaml:3: sinks[0].connection_string: not a valid connection string (keyword Npgsql does not know: ", message);
        Assert.Contains("'pasword'", message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hunter2", message);
    }

    [Fact]
    public async Task A_malformed_password_from_the_environment_exits_2_with_key_and_line_on_stderr_not_the_value()
    {
        const string variable = "EMITTER_SINK_OPTIONS_TEST_PASSWORD";
        Environment.SetEnvironmentVariable(variable, "hunter2-from-env\nsecond line");
        try
        {
            using var cache = new TempConfig("");
            var yaml = GeneratorAppTests.Config(cache.Directory, sinks: $"  - type: pgvector\n    host: db\n    password: ${{{variable}}}\n");
            var line = Array.FindIndex(yaml.Split('\n'), l => l.Contains("password:", StringComparison.Ordinal)) + 1;

            var (exit, _, errors) = await GeneratorAppTests.RunAsync(yaml);

            Assert.Equal(ConfigException.ExitCode, exit);
            Assert.Contains($"emitter-test.yaml:{line}: sinks[0].password: holds a control character", errors);
            Assert.Contains("${" + variable + "}", errors);
            Assert.DoesNotContain("hunter2", errors);
            Assert.DoesNotContain("second line", errors);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
