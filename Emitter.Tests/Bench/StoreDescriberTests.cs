using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.Bench;

/// <summary>
/// Each store's server version in the summary (issue 23.5), asked of the fakes, which answer as
/// their servers at the pinned versions (ServerImages): Qdrant's health check, Elasticsearch's
/// info (GET /) through the official client, OpenSearch's GET / (version.distribution and number).
/// A server that does not answer leaves the version out with the reason; the run is not stopped.
/// </summary>
public class StoreDescriberTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Qdrant_reports_the_version_its_health_check_gives_and_a_server_gone_leaves_the_reason()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: Ct);
        var config = SearchStoreChecks.Sink(SinkTypes.Qdrant, ("url", server.Endpoint.ToString()));
        var (store, _, _) = await SearchStoreChecks.WriteThenOpenAsync(config);
        await using var _ = store;

        Assert.Equal("Qdrant 1.19.0", (await DescribeAsync(config, store)).ServerVersion);
        server.Version = "1.19.1"; // what the server says, not a constant
        var described = await DescribeAsync(config, store);
        Assert.Equal(("Qdrant 1.19.1", null), (described.ServerVersion, described.Note));

        await server.StopAsync();
        var gone = await DescribeAsync(config, store);
        Assert.Null(gone.ServerVersion);
        // Refused (Unavailable), or, when the call meets the connection the server was closing,
        // Grpc.Net.Client's Internal "Error starting gRPC call" (src/Shared/HttpExceptionResolver.cs).
        Assert.Matches("^not answered: health check: (Unavailable|Internal: Error starting gRPC call)", gone.Note);
        Assert.Equal(store.FreshnessSettings["wait"], gone.Settings["wait"]); // the settings are kept
    }

    [Fact]
    public async Task Elasticsearch_reports_the_info_calls_version_number()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: Ct);
        var config = SearchStoreChecks.Sink(SinkTypes.Elasticsearch, ("url", server.Url.ToString()));
        var (store, _, _) = await SearchStoreChecks.WriteThenOpenAsync(config);
        await using var _ = store;

        var described = await DescribeAsync(config, store);
        Assert.Equal(("elasticsearch", "Elasticsearch 9.1.5", null), (described.Type, described.ServerVersion, described.Note));
        server.Version = "9.2.0";
        Assert.Equal("Elasticsearch 9.2.0", (await DescribeAsync(config, store)).ServerVersion);
    }

    [Fact]
    public async Task OpenSearch_reports_its_distribution_and_version_number_and_a_refusal_leaves_the_reason()
    {
        await using var server = await FakeOpenSearchServer.StartAsync(user: "admin", password: "Adm1n-pass!", tls: true, cancellationToken: Ct);
        var settings = new[] { ("url", server.Url.ToString()), ("user", "admin"), ("password", "Adm1n-pass!"), ("skip_cert", "true") };
        var config = SearchStoreChecks.Sink(SinkTypes.OpenSearch, settings);
        var (store, _, pool) = await SearchStoreChecks.WriteThenOpenAsync(config);
        await using var _ = store;

        var described = await DescribeAsync(config, store);
        Assert.Equal(("opensearch", "OpenSearch 3.8.0", null), (described.Type, described.ServerVersion, described.Note));

        // A user the security plugin turns away (401): the reason, without the password.
        var stranger = SearchStoreChecks.Sink(SinkTypes.OpenSearch, [.. settings.Where(s => s.Item1 != "password"), ("password", "wrong-Secret!")]);
        await using var refusedStore = await SearchStoreChecks.OpenAsync(stranger, pool);
        var refused = await DescribeAsync(stranger, refusedStore);
        Assert.Null(refused.ServerVersion);
        Assert.Equal("not answered: GET /: HTTP 401", refused.Note);
    }

    private static async Task<StoreDescription> DescribeAsync(SinkConfig config, ISearchStore store) =>
        (await StoreDescriber.DescribeAsync([config], [store], NullLogger.Instance, Ct))[store.Name];
}
