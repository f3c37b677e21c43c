using System.Text.Json;
using System.Text.Json.Serialization;
using Emitter.Generator.Embedding;

namespace Emitter.Generator.Sinks.PgVector;

/// <summary>
/// The embedding that filled a table, kept as the table's COMMENT (JSON) so a later run with
/// another model or size is refused instead of mixing incomparable vectors.
/// </summary>
public sealed record PgVectorTableComment(
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("dimensions")] int Dimensions)
{
    private const string Marker = "emitter embedding: ";

    public static PgVectorTableComment Of(EmbeddingInfo embedding) => new(embedding.Provider, embedding.Model, embedding.Dimensions);

    public string ToComment() => Marker + JsonSerializer.Serialize(this);

    public static PgVectorTableComment? Parse(string? comment)
    {
        if (comment is null || !comment.StartsWith(Marker, StringComparison.Ordinal)) return null;
        try
        {
            return JsonSerializer.Deserialize<PgVectorTableComment>(comment.AsSpan(Marker.Length));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
