using System.Text.Json;
using System.Text.Json.Serialization;
using Emitter.Generator.Embedding;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>
/// The embedding that filled a table, kept as the table's COMMENT (JSON) so a later run with
/// another model or size, or another index_mode, is refused instead of mixing incomparable vectors.
/// </summary>
public sealed record PgVectorTableComment(
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("dimensions")] int Dimensions,
    [property: JsonPropertyName("index_mode"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IndexMode = null)
{
    private const string Marker = "emitter embedding: ";

    public static PgVectorTableComment Of(EmbeddingInfo embedding, Configuration.IndexMode mode = Configuration.IndexMode.Hybrid) =>
        new(embedding.Provider, embedding.Model, embedding.Dimensions, Configuration.IndexModes.Name(mode));

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
