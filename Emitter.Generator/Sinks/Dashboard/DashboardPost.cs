using System.Net.Http.Headers;
using Emitter.Generator.Configuration;

namespace Emitter.Generator.Sinks.Dashboard;

/// <summary>One JSON POST to the dashboard, never retried: what the sink and the bench's live view both send.</summary>
internal static class DashboardPost
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>Null when the dashboard took it; else why not, in one line (down, slow, refusing).</summary>
    public static async Task<string?> SendAsync(HttpClient http, Uri target, string? token, byte[] body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var shown = SinkUrls.Redact(target); // user information never reaches logs or the summary
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = Json;
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, limit.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"the dashboard at {shown} answered {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (HttpRequestException e)
        {
            return $"the dashboard at {shown} is unreachable ({e.Message})";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"the dashboard at {shown} did not answer within {timeout.TotalMilliseconds:0} ms";
        }
    }

    /// <summary>A client of its own: no retry or resilience handlers (a retry would only delay newer data).</summary>
    public static HttpClient Client(TimeSpan connectTimeout) =>
        new(new SocketsHttpHandler { ConnectTimeout = connectTimeout, UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };
}
