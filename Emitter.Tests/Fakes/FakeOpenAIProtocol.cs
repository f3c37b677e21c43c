using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Emitter.Tests.Fakes;

/// <summary>The wire format of OpenAI's POST /v1/embeddings, as the fake server speaks it.</summary>
internal static class FakeOpenAIProtocol
{
    public static FakeOpenAIRequestBody Parse(JsonElement root)
    {
        string? Text(string name) =>
            root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        IReadOnlyList<string>? inputs = null;
        if (root.TryGetProperty("input", out var input))
        {
            if (input.ValueKind == JsonValueKind.String)
            {
                inputs = [input.GetString()!];
            }
            else if (input.ValueKind == JsonValueKind.Array
                     && input.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
            {
                inputs = input.EnumerateArray().Select(e => e.GetString()!).ToArray();
            }
        }

        int? dimensions = root.TryGetProperty("dimensions", out var d) && d.ValueKind == JsonValueKind.Number
            ? d.GetInt32() : null;
        return new FakeOpenAIRequestBody(Text("model"), inputs, dimensions, Text("encoding_format"));
    }

    public static Task WriteEmbeddingsAsync(HttpContext context, string model, IReadOnlyList<float[]> vectors,
        bool base64, int tokens) => WriteAsync(context, 200, json =>
    {
        json.WriteString("object", "list");
        json.WriteStartArray("data");
        for (var i = 0; i < vectors.Count; i++)
        {
            json.WriteStartObject();
            json.WriteString("object", "embedding");
            json.WriteNumber("index", i);
            if (base64)
            {
                // Little-endian float32, as OpenAI encodes it.
                var bytes = new byte[vectors[i].Length * sizeof(float)];
                for (var j = 0; j < vectors[i].Length; j++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(j * sizeof(float)), vectors[i][j]);
                }

                json.WriteBase64String("embedding", bytes);
            }
            else
            {
                json.WriteStartArray("embedding");
                foreach (var x in vectors[i])
                {
                    json.WriteNumberValue(x);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("model", model);
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", tokens);
        json.WriteNumber("total_tokens", tokens);
        json.WriteEndObject();
    });

    /// <summary>OpenAI's error envelope: {"error": {"message", "type", "param", "code"}}.</summary>
    public static Task WriteErrorAsync(HttpContext context, int status, string message, string type,
        string? code, string? param = null) => WriteAsync(context, status, json =>
    {
        json.WriteStartObject("error");
        json.WriteString("message", message);
        json.WriteString("type", type);
        json.WriteString("param", param);
        json.WriteString("code", code);
        json.WriteEndObject();
    });

    private static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> fill)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            fill(json);
            json.WriteEndObject();
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }
}
