using System.Data.Common;
using System.Net.Http.Headers;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Emitter.Tests.AppHost;

/// <summary>
/// The full topology (Qdrant, Elasticsearch and PostgreSQL+pgvector containers): every
/// server healthy and every sink receiving entries. Skipped where no container runtime answers.
/// </summary>
public sealed class AppHostWithContainersTests(ContainerAppHostFixture fixture) : IClassFixture<ContainerAppHostFixture>
{
    private static readonly TimeSpan FlowLimit = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData("qdrant")]
    [InlineData("elasticsearch")]
    [InlineData("pgvector-server")]
    [InlineData("generator")]
    [InlineData("dashboard")]
    public void ResourceIsRunningAndHealthy(string name)
    {
        var app = Started();
        Assert.True(app.ResourceNotifications.TryGetCurrentState(name, out var state), $"no resource {name}");
        Assert.Equal(KnownResourceStates.Running, state.Snapshot.State?.Text);
        Assert.Equal(HealthStatus.Healthy, state.Snapshot.HealthStatus);
    }

    [Fact]
    public async Task PgvectorRowsGrow()
    {
        var app = Started();
        var ct = TestContext.Current.CancellationToken;
        var connectionString = (await app.GetConnectionStringAsync("pgvector", ct))!;
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT count(*) FROM logs", connection);
            return (long)(await command.ExecuteScalarAsync(ct))! > 0;
        }, FlowLimit, ct), "no rows in pgvector table logs");
    }

    [Fact]
    public async Task QdrantPointsArrive()
    {
        var app = Started();
        var ct = TestContext.Current.CancellationToken;
        var key = Setting(await app.GetConnectionStringAsync("qdrant", ct), "Key");
        using var http = new HttpClient { BaseAddress = app.GetEndpoint("qdrant", "http") };
        http.DefaultRequestHeaders.Add("api-key", key);
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            using var response = await http.PostAsync("/collections/logs/points/count", new StringContent("{\"exact\":true}", Encoding.UTF8, "application/json"), ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            return response.IsSuccessStatusCode && !body.Contains("\"count\":0");
        }, FlowLimit, ct), "no points in Qdrant collection logs");
    }

    [Fact]
    public async Task ElasticsearchDocumentsArrive()
    {
        var app = Started();
        var ct = TestContext.Current.CancellationToken;
        var uri = new Uri((await app.GetConnectionStringAsync("elasticsearch", ct))!);
        using var http = new HttpClient { BaseAddress = new Uri(uri.GetLeftPart(UriPartial.Authority).Replace(uri.UserInfo + "@", "")) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(uri.UserInfo))));
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            using var response = await http.GetAsync("/logs/_count", ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            return response.IsSuccessStatusCode && !body.Contains("\"count\":0");
        }, FlowLimit, ct), "no documents in Elasticsearch index logs");
    }

    private DistributedApplication Started()
    {
        if (fixture.SkipReason is { } reason) Assert.Skip(reason);
        return fixture.App!;
    }

    private static string Setting(string? connectionString, string key)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return builder.TryGetValue(key, out var value) ? value.ToString()! : throw new InvalidOperationException($"no {key} in the connection string");
    }
}
