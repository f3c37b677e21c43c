using Microsoft.AspNetCore.Http;

namespace Emitter.Tests.Fakes;

/// <summary>Decides the fake server's answer, in OpenAI's order: key, injected fault, model, request shape.</summary>
internal static class FakeOpenAIResponder
{
    private const string Invalid = "invalid_request_error";

    public static async Task AnswerAsync(HttpContext context, FakeOpenAIRequestBody body, FakeOpenAIServer server)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            await FakeOpenAIProtocol.WriteErrorAsync(context, 401,
                "You didn't provide an API key. You need to provide your API key in an Authorization header " +
                "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", Invalid, null);
            return;
        }

        var key = authorization["Bearer ".Length..];
        if (key != server.ApiKey)
        {
            // OpenAI echoes a masked form of the wrong key; so does the fake, so tests can check it is scrubbed.
            await FakeOpenAIProtocol.WriteErrorAsync(context, 401,
                $"Incorrect API key provided: {Mask(key)}. You can find your API key at " +
                "https://platform.openai.com/account/api-keys.", Invalid, "invalid_api_key");
            return;
        }

        if (server.TakeFault() is { } fault && await PlayAsync(context, fault, body.Model))
        {
            return;
        }

        if (body.Model is null || !FakeOpenAIServer.Models.TryGetValue(body.Model, out var native))
        {
            await FakeOpenAIProtocol.WriteErrorAsync(context, 404,
                $"The model `{body.Model}` does not exist or you do not have access to it.", Invalid, "model_not_found");
            return;
        }

        if (body.Inputs is null || body.Inputs.Count == 0 || body.Inputs.Any(string.IsNullOrEmpty))
        {
            await FakeOpenAIProtocol.WriteErrorAsync(context, 400,
                "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
                Invalid, null);
            return;
        }

        if (body.Inputs.Count > FakeOpenAIServer.MaxInputs)
        {
            await FakeOpenAIProtocol.WriteErrorAsync(context, 400,
                $"Invalid 'input': array too long. Expected an array with maximum length {FakeOpenAIServer.MaxInputs}, " +
                $"but got an array with length {body.Inputs.Count} instead.", Invalid, "array_above_max_length", "input");
            return;
        }

        if (body.Dimensions is { } d && (body.Model == "text-embedding-ada-002" || d < 1 || d > native))
        {
            var message = body.Model == "text-embedding-ada-002"
                ? "This model does not support specifying dimensions."
                : $"Invalid 'dimensions': must be between 1 and {native}.";
            await FakeOpenAIProtocol.WriteErrorAsync(context, 400, message, Invalid, null, "dimensions");
            return;
        }

        if (body.EncodingFormat is not (null or "float" or "base64"))
        {
            await FakeOpenAIProtocol.WriteErrorAsync(context, 400,
                $"Invalid 'encoding_format': '{body.EncodingFormat}'. Expected 'float' or 'base64'.", Invalid, null);
            return;
        }

        await server.AnswersReleased.WaitAsync(context.RequestAborted);

        var vectors = body.Inputs.Select(text => FakeOpenAIVectors.For(text, native, body.Dimensions)).ToArray();
        var tokens = body.Inputs.Sum(text => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        await FakeOpenAIProtocol.WriteEmbeddingsAsync(context, body.Model, vectors, body.EncodingFormat == "base64", tokens);
    }

    /// <summary>Plays an injected fault; false when it was only a stall and the request goes on normally.</summary>
    private static async Task<bool> PlayAsync(HttpContext context, FakeOpenAIFault fault, string? model)
    {
        if (fault.Stall > TimeSpan.Zero || fault.Stall == Timeout.InfiniteTimeSpan)
        {
            await Task.Delay(fault.Stall, context.RequestAborted);
        }

        if (fault.Status is 0 or 200)
        {
            return false;
        }

        if (fault.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = fault.RetryAfter;
        }

        if (fault.RetryAfterMs is not null)
        {
            context.Response.Headers["retry-after-ms"] = fault.RetryAfterMs;
        }

        var (message, type) = (fault.Status, fault.Code) switch
        {
            (429, "insufficient_quota") => ("You exceeded your current quota, please check your plan and billing details.",
                "insufficient_quota"),
            (429, _) => ($"Rate limit reached for {model} on requests per min (RPM): Limit 3000, Used 3000, Requested 1.",
                "requests"),
            (503, _) => ("The engine is currently overloaded, please try again later.", "server_error"),
            (_, _) when fault.Status >= 500 => ("The server had an error while processing your request. Sorry about that!", "server_error"),
            _ => ("Injected fault.", Invalid),
        };
        var code = fault.Code ?? (fault.Status == 429 ? "rate_limit_exceeded" : null);
        await FakeOpenAIProtocol.WriteErrorAsync(context, fault.Status, message, type, code);
        return true;
    }

    private static string Mask(string key) => key.Length > 10 ? $"{key[..6]}{new string('*', 20)}{key[^4..]}" : "****";
}
