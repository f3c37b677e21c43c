using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks.Elasticsearch;

namespace Emitter.Generator.Sinks.OpenSearch;

/// <summary>
/// <c>{type: opensearch, url, user, password, index_name, index_mode, skip_cert}</c> as logstorm
/// 0.3 has it, or <c>connection_string</c> as an Aspire app host injects it
/// (<c>https://user:password@host:port</c>). Address, credentials, index name and bulk sizes are
/// read and checked as the Elasticsearch sink's (the same protocol).
/// </summary>
public sealed class OpenSearchSinkFactory : ISinkFactory
{
    public string Type => SinkTypes.OpenSearch;

    public IReadOnlyCollection<string> Keys { get; } =
        ["url", "user", "password", "index_name", "connection_string", "bulk_max_bytes", "max_in_flight", "timeout_secs", IndexModes.Key, "skip_cert"];

    public bool NeedsVectors(SinkSettings settings) => IndexModes.Read(settings).HasVectors();

    public ILogSink Create(SinkConfig config, SinkServices services) =>
        new OpenSearchSink(config.Name, Read(config.Settings), services.Time, services.Loggers);

    public static OpenSearchSinkOptions Read(SinkSettings settings)
    {
        var shared = ElasticsearchSinkFactory.Read(settings);
        return new OpenSearchSinkOptions
        {
            Url = shared.Url,
            User = shared.User,
            Password = shared.Password,
            Index = shared.Index,
            BulkMaxBytes = shared.BulkMaxBytes,
            MaxInFlight = shared.MaxInFlight,
            Timeout = shared.Timeout,
            IndexMode = shared.IndexMode,
            SkipCert = settings.Bool("skip_cert", false),
        };
    }
}
