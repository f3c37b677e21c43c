using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores.PgVector;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.PgVector;

/// <summary>Sinks made the way the program makes them: settings through the factory (refusals included).</summary>
public static class PgVectorSinks
{
    public static SinkConfig Config(string table, string? connectionString = null, params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["connection_string"] = connectionString ?? PgVectorTestDatabase.ConnectionString,
            ["table_name"] = table,
        };
        foreach (var (key, value) in settings) values[key] = value;
        return new SinkConfig(SinkTypes.PgVector, "pgvector", OnFullPolicy.Block, 16, SinkSettings.Of("test.yaml", "sinks[0]", values));
    }

    public static ILogSink Create(SinkConfig config, TimeProvider? time = null) =>
        new PgVectorDescriptor().CreateSink(config, new SinkServices(Stream.Null, NullLoggerFactory.Instance, time ?? TimeProvider.System));

    public static ILogSink Create(string table, params (string Key, string Value)[] settings) => Create(Config(table, null, settings));
}
