using System.ClientModel;
using System.Net.Http;

namespace Emitter.Generator.Embedding;

/// <summary>
/// Turns what the OpenAI client throws into an <see cref="EmbeddingProviderException"/> that
/// says what went wrong and what to change. The client's own exception is not kept as the
/// inner exception: its message embeds the raw error body, which echoes the masked key.
/// </summary>
internal static class OpenAIFailureTranslator
{
    public static EmbeddingProviderException FromResponse(ClientResultException failure, OpenAIEmbeddingSettings settings)
    {
        var status = failure.Status;
        var body = SafeBody(failure, settings);
        var where = $"for model '{settings.Model}' at {settings.DisplayBaseUrl}";
        var detail = body.Message is { Length: > 0 } text ? $" The server said: {text}" : "";
        var message = status switch
        {
            401 => $"OpenAI rejected the API key (401 Unauthorized) {where}. " +
                   "Check embedding.api_key / OPENAI_API_KEY.",
            403 => $"OpenAI refused access (403 Forbidden) {where}. The key's project or organisation may not " +
                   $"be allowed to use this model or endpoint; check the key's permissions.{detail}",
            404 when body.Code == "model_not_found" =>
                   $"OpenAI does not know model '{settings.Model}' (404 model_not_found) at {settings.DisplayBaseUrl}. " +
                   "Check embedding.model (e.g. text-embedding-3-small) and that the key can use it.",
            404 => $"OpenAI answered 404 Not Found {where}: no embeddings endpoint there. Check embedding.base_url " +
                   $"(the API root including /v1, e.g. https://api.openai.com/v1) and embedding.model.{detail}",
            429 when body.Code == "insufficient_quota" =>
                   $"OpenAI refused the request: the account has no quota left (429 insufficient_quota) {where}. " +
                   "Check the plan and billing of the key's organisation.",
            408 or 429 or 500 or 502 or 503 or 504 =>
                   $"OpenAI kept failing with {Describe(status)} {where} after {Retries(settings.MaxRetries)}. " +
                   $"Try again later, lower embedding parallelism, or raise the retry count.{detail}",
            _ => $"OpenAI rejected the embeddings request with {Describe(status)} {where}.{detail}",
        };

        return new EmbeddingProviderException(message, status);
    }

    public static EmbeddingProviderException Unreachable(Exception failure, OpenAIEmbeddingSettings settings)
    {
        var network = Find<HttpRequestException>(failure);
        var reason = (network?.Message ?? failure.Message).TrimEnd('.');
        return new EmbeddingProviderException(
            $"Could not reach OpenAI at {settings.DisplayBaseUrl} (model '{settings.Model}'): {reason}. " +
            $"Gave up after {Retries(settings.MaxRetries)}. Check embedding.base_url and the network.",
            (Exception?)network ?? failure);
    }

    public static EmbeddingProviderException TimedOut(OpenAIEmbeddingSettings settings) => new(
        $"OpenAI at {settings.DisplayBaseUrl} (model '{settings.Model}') did not answer within " +
        $"{settings.RequestTimeout.TotalSeconds:0.#} s, in {settings.MaxRetries + 1} attempts. Check the endpoint, " +
        "or send fewer inputs per request.");

    public static EmbeddingProviderException WrongShape(string problem, OpenAIEmbeddingSettings settings) => new(
        $"OpenAI at {settings.DisplayBaseUrl} (model '{settings.Model}') {problem}");

    /// <summary>The exception chain's innermost match, unwrapping the retry policy's AggregateException.</summary>
    public static T? Find<T>(Exception? failure) where T : Exception
    {
        T? found = null;
        for (var current = failure; current is not null; current = current.InnerException)
        {
            if (current is AggregateException aggregate && aggregate.InnerExceptions.Count > 0)
            {
                return Find<T>(aggregate.InnerExceptions[^1]) ?? found;
            }

            found = current as T ?? found;
        }

        return found;
    }

    private static OpenAIErrorBody SafeBody(ClientResultException failure, OpenAIEmbeddingSettings settings)
    {
        OpenAIErrorBody body;
        try
        {
            body = OpenAIErrorBody.Read(failure.GetRawResponse());
        }
        catch (InvalidOperationException)
        {
            return new OpenAIErrorBody(null, null, null);
        }

        var text = body.Message is null ? null : ApiKeyScrubber.Scrub(body.Message, settings.ApiKey);
        return body with { Message = text };
    }

    private static string Describe(int status) => status switch
    {
        408 => "408 Request Timeout",
        429 => "429 Too Many Requests",
        500 => "500 Internal Server Error",
        502 => "502 Bad Gateway",
        503 => "503 Service Unavailable",
        504 => "504 Gateway Timeout",
        _ => $"HTTP {status}",
    };

    private static string Retries(int count) => count == 1 ? "1 retry" : $"{count} retries";
}
