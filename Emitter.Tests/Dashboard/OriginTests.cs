using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;

namespace Emitter.Tests.Dashboard;

/// <summary>Another site open in the same browser can neither read the stream nor inject entries.</summary>
public class OriginTests
{
    [Fact]
    public async Task A_websocket_from_another_origin_is_refused_and_the_dashboards_own_page_is_not()
    {
        await using var server = await DashboardServer.StartAsync();

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => StreamClient.ConnectAsync(server.WebSocketUri, "http://evil.example"));
        Assert.Contains("403", refused.Message);

        await using var own = await StreamClient.ConnectAsync(server.WebSocketUri, $"http://{server.Address.Authority}");
        await server.WaitForClientsAsync(1);
    }

    [Fact]
    public async Task Ingest_refuses_other_origins_and_bodies_that_are_not_json()
    {
        await using var server = await DashboardServer.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        using var crossSite = new HttpRequestMessage(HttpMethod.Post, "/ingest") { Content = new StringContent("{}", MediaTypeHeaderValue.Parse("application/json")) };
        crossSite.Headers.Add("Origin", "http://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await server.Http.SendAsync(crossSite, ct)).StatusCode);

        using var text = await server.Http.PostAsync("/ingest", new StringContent("{}"), ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);

        using var junk = await server.Http.PostAsync("/ingest", new StringContent("{\"entries\": 5}", MediaTypeHeaderValue.Parse("application/json")), ct);
        Assert.Equal(HttpStatusCode.BadRequest, junk.StatusCode);
    }
}
