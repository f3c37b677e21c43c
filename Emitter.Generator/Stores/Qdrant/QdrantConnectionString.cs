using System.Data.Common;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.Qdrant;

/// <summary>Aspire's Qdrant connection string: <c>Endpoint=http://host:6334;Key=...</c>.</summary>
public static class QdrantConnectionString
{
    /// <summary>The endpoint and key, or a problem that names neither value (the key is a secret).</summary>
    public static (Uri? Endpoint, string? Key, string? Problem) Parse(string text)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = text;
        }
        catch (ArgumentException)
        {
            return (null, null, "expected Endpoint=http://host:port;Key=... (the value is not shown: it may hold a key)");
        }

        var endpoint = builder.TryGetValue("Endpoint", out var e) ? SinkUrls.TryParse(e as string) : null;
        if (endpoint is null)
            return (null, null, "needs Endpoint=http(s)://host:port (the gRPC port, 6334 on a stock server)");
        var key = builder.TryGetValue("Key", out var k) && k is string { Length: > 0 } s ? s : null;
        return (endpoint, key, null);
    }
}
