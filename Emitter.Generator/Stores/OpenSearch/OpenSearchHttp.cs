using System.Net.Http.Headers;
using System.Text;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores.Bulk;

namespace Emitter.Generator.Stores.OpenSearch;

/// <summary>
/// The HTTP client of one OpenSearch sink. No OpenSearch .NET client is available, and the
/// Elasticsearch one refuses any server that does not answer <c>X-Elastic-Product</c>, so the
/// sink speaks the REST API itself. Certificates are checked unless <c>skip_cert</c> is set.
/// </summary>
public static class OpenSearchHttp
{
    public static HttpClient Create(OpenSearchSinkOptions options)
    {
        var handler = new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.All };
        if (options.SkipCert) handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        var client = new HttpClient(handler) { BaseAddress = options.Url, Timeout = options.Timeout };
        if (options.User is { } user)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{options.Password}")));
        return client;
    }
}
