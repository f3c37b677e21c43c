using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting.Elasticsearch;

/// <summary>
/// Healthy once the cluster answers yellow or green with the resource's credentials (the
/// official integration asks the same through the Elasticsearch client).
/// </summary>
internal sealed class ElasticsearchHealthCheck(Func<string?> connectionString) : IHealthCheck
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (connectionString() is not { } text) return HealthCheckResult.Unhealthy("no connection string yet");
        var uri = new Uri(text);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(uri, "/_cluster/health"));
        var credentials = Uri.UnescapeDataString(uri.UserInfo);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        try
        {
            using var response = await Http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var ready = response.IsSuccessStatusCode && (body.Contains("\"status\":\"green\"") || body.Contains("\"status\":\"yellow\""));
            return ready ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"HTTP {(int)response.StatusCode}");
        }
        catch (HttpRequestException e)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }
}
