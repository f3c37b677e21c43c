using System.ClientModel.Primitives;
using System.Text.Json;

namespace Emitter.Generator.Embedding;

/// <summary>
/// OpenAI's error envelope, <c>{"error": {"message", "type", "param", "code"}}</c>. The
/// message may echo a masked API key: scrub it before it goes anywhere.
/// </summary>
internal sealed record OpenAIErrorBody(string? Message, string? Type, string? Code)
{
    private static readonly OpenAIErrorBody Empty = new(null, null, null);

    /// <exception cref="InvalidOperationException">The response content was not buffered.</exception>
    public static OpenAIErrorBody Read(PipelineResponse? response)
    {
        if (response is null)
        {
            return Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(response.Content.ToMemory());
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("error", out var error)
                || error.ValueKind != JsonValueKind.Object)
            {
                return Empty;
            }

            return new OpenAIErrorBody(Text(error, "message"), Text(error, "type"), Text(error, "code"));
        }
        catch (JsonException)
        {
            return Empty; // an HTML error page from a proxy, say
        }
    }

    private static string? Text(JsonElement error, string name) =>
        error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
