using System.Net.Http.Headers;
using System.Text.Json;
using Emitter.Dashboard;
using Emitter.Dashboard.Contract;
using Emitter.Generator.Model;
using Microsoft.AspNetCore.Builder;

namespace Emitter.Tests.Dashboard;

/// <summary>The real dashboard app, in process, on a free loopback port.</summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }
    public HttpClient Http { get; }
    public Uri WebSocketUri => new($"ws://{Address.Authority}/ws");

    public static async Task<DashboardServer> StartAsync(params string[] settings)
    {
        var app = DashboardApp.Create(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", .. settings]);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new DashboardServer(app, new Uri(app.Urls.First()));
    }

    /// <summary>Waits until the server has registered this many clients (a connect returns before the server's side is set up).</summary>
    public async Task WaitForClientsAsync(int count)
    {
        var ct = TestContext.Current.CancellationToken;
        while (true)
        {
            using var stats = JsonDocument.Parse(await Http.GetStringAsync("/stats", ct));
            if (stats.RootElement.GetProperty("clients").GetInt32() >= count) return;
            await Task.Delay(20, ct);
        }
    }

    /// <summary>Posts a batch as the generator's dashboard sink does.</summary>
    internal async Task PostAsync(IngestBatch batch)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(batch, IngestJson.Default.IngestBatch));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Http.PostAsync("/ingest", content, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Posts a bench snapshot as a running bench's live view does.</summary>
    internal async Task PostBenchAsync(BenchSnapshot snapshot)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(snapshot, BenchJson.Default.BenchSnapshot));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Http.PostAsync("/bench", content, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
