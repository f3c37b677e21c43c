using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Emitter.Generator.Stores.PgVector;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.PgVector;

/// <summary>The sink's own keys: refusals name file, line and key; good settings come out as meant.</summary>
public class PgVectorConfigTests
{
    private const string Services = "services:\n  - name: api\n    rate_per_sec: 10\n";
    private const string Sink = "sinks:\n  - type: pgvector\n    connection_string: Host=db;Username=u;Password=hunter2x;Database=d\n";

    public static TheoryData<string, string, string[]> BadConfigs => new()
    {
        { "bad write_mode", Sink + "    write_mode: bulk\n", [":4:", "sinks[0].write_mode", "'bulk'", "copy, unnest"] },
        { "parallelism zero", Sink + "    parallelism: 0\n", [":4:", "sinks[0].parallelism", "at least 1"] },
        { "parallelism too high", Sink + "    parallelism: 99\n", [":4:", "sinks[0].parallelism", "at most 16"] },
        { "parallelism not a number", Sink + "    parallelism: many\n", [":4:", "sinks[0].parallelism", "'many'"] },
        { "create_indexes not a bool", Sink + "    create_indexes: sometimes\n", [":4:", "sinks[0].create_indexes", "'sometimes'"] },
        { "table_name with a quote", Sink + "    table_name: \"logs; drop\"\n", [":4:", "sinks[0].table_name", "plain table name"] },
        { "table_name starting with a digit", Sink + "    table_name: 1logs\n", [":4:", "sinks[0].table_name"] },
        { "unknown key", Sink + "    batch: 10\n", [":4:", "sinks[0].batch", "unknown key", "write_mode"] },
        { "both forms", Sink + "    host: db\n", [":4:", "sinks[0].host", "either connection_string or host"] },
        { "neither form", "sinks:\n  - type: pgvector\n    table_name: logs\n", [":", "sinks[0].host", "needs connection_string"] },
        { "bad port", "sinks:\n  - type: pgvector\n    host: db\n    port: 70000\n", [":4:", "sinks[0].port", "65535"] },
        { "bad connection string", "sinks:\n  - type: pgvector\n    connection_string: Host=db;Pasword=hunter2x\n", [":3:", "sinks[0].connection_string", "not a valid connection string"] },
        { "unknown uri parameter", "sinks:\n  - type: pgvector\n    connection_string: postgres://u:hunter2x@db/d?sslmod=require\n", [":3:", "sinks[0].connection_string", "'sslmod'", "sslmode"] },
        { "uri whose password ends up in the query", "sinks:\n  - type: pgvector\n    connection_string: postgres://w?u:hunter2x@db/d\n", [":3:", "sinks[0].connection_string", "unknown parameter"] },
        { "bad uri sslmode", "sinks:\n  - type: pgvector\n    connection_string: postgresql://u:hunter2x@db/d?sslmode=sometimes\n", [":3:", "sinks[0].connection_string", "sslmode", "'sometimes'"] },
        { "connection string without host", "sinks:\n  - type: pgvector\n    connection_string: Username=u;Password=hunter2x\n", [":3:", "sinks[0].connection_string", "no Host"] },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void Bad_sink_settings_are_refused_with_file_key_and_line(string because, string sinks, string[] expected)
    {
        using var file = new TempConfig(sinks + Services);
        var error = Assert.Throws<ConfigException>(() => Load(file.Path));

        Assert.StartsWith("emitter-test.yaml:", error.Message);
        foreach (var part in expected) Assert.True(error.Message.Contains(part, StringComparison.Ordinal), $"{because}: '{error.Message}' lacks '{part}'");
        Assert.DoesNotContain("hunter2x", error.Message);
    }

    [Fact]
    public void Defaults_and_the_original_keys()
    {
        using var file = new TempConfig("sinks:\n  - type: pgvector\n    host: db.internal\n    password: pw\n    table_name: App_Logs\n" + Services);
        var settings = new ConfigLoader(_ => null, _ => null, SinkCatalog.Default.Types).Load(file.Path, new ConfigOverrides()).Sinks[0].Settings;

        var options = PgVectorSinkOptions.Bind(settings);

        Assert.Equal("postgres@db.internal:5432/postgres", options.Server.Description);
        Assert.Equal("app_logs", options.TableName);
        Assert.True(options.CreateIndexes);
        Assert.Equal(PgVectorWriteMode.Copy, options.WriteMode);
        Assert.Equal(2, options.Parallelism);
        Assert.Equal("password *** here", options.Server.Mask("password pw here"));
    }

    [Fact]
    public void An_app_hosts_connection_string_adds_the_sink_without_any_config()
    {
        using var file = new TempConfig(Services);
        var injected = new Dictionary<string, string> { ["ConnectionStrings:pgvector"] = "Host=localhost;Port=5433;Username=postgres;Password=pw;Database=logs" };
        var config = new ConfigLoader(_ => null, key => injected.GetValueOrDefault(key), SinkCatalog.Default.Types).Load(file.Path, new ConfigOverrides());

        var options = PgVectorSinkOptions.Bind(config.Sinks.Single(s => s.Type == SinkTypes.PgVector).Settings);

        Assert.Equal("postgres@localhost:5433/logs", options.Server.Description);
        Assert.Equal("logs", options.TableName);
    }

    [Fact]
    public void A_postgres_uri_is_read_too()
    {
        var builder = PgVectorConnectionString.Parse("postgres://writer:p%40ss@db:6543/metrics", message => new InvalidOperationException(message));
        Assert.Equal(("db", 6543, "writer", "p@ss", "metrics"), (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database));
    }

    [Fact]
    public void A_postgres_uri_keeps_every_parameter_npgsql_knows()
    {
        var builder = PgVectorConnectionString.Parse(
            "postgresql://writer:pw@db:6543/metrics?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&sslcert=/c.pem&sslkey=/k.pem"
            + "&connect_timeout=7&application_name=emitter%20run&target_session_attrs=read-write&options=-c%20statement_timeout%3D0"
            + "&channel_binding=require&keepalives_idle=30&Maximum%20Pool%20Size=9",
            message => new InvalidOperationException(message));

        Assert.Equal(Npgsql.SslMode.VerifyFull, builder.SslMode);
        Assert.Equal("/etc/ca.pem", builder.RootCertificate);
        Assert.Equal(("/c.pem", "/k.pem"), (builder.SslCertificate, builder.SslKey));
        Assert.Equal(7, builder.Timeout);
        Assert.Equal("emitter run", builder.ApplicationName);
        Assert.Equal("read-write", builder.TargetSessionAttributes);
        Assert.Equal("-c statement_timeout=0", builder.Options);
        Assert.Equal(Npgsql.ChannelBinding.Require, builder.ChannelBinding);
        Assert.Equal(30, builder.TcpKeepAliveTime);
        Assert.Equal(9, builder.MaxPoolSize);
        Assert.Equal(("db", 6543, "writer", "pw", "metrics"), (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database));
    }

    private static void Load(string path)
    {
        var loader = new ConfigLoader(_ => null, _ => null, SinkCatalog.Default.Types);
        var services = new SinkServices(Stream.Null, NullLoggerFactory.Instance, TimeProvider.System);
        foreach (var sink in loader.Load(path, new ConfigOverrides()).Sinks) SinkCatalog.Default.Create(sink, services);
    }
}
