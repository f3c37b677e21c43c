using System.Text.Json;
using System.Text.Json.Serialization;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.Bulk;

/// <summary>
/// A document already encoded as JSON: the client writes its bytes into the <c>_bulk</c> body
/// as they are, so requests can be sized by bytes exactly and nothing is serialised twice.
/// </summary>
[JsonConverter(typeof(BulkDocumentConverter))]
public sealed class BulkDocument(string id, byte[] json)
{
    public string Id { get; } = id;
    public byte[] Json { get; } = json;
}

internal sealed class BulkDocumentConverter : JsonConverter<BulkDocument>
{
    public override BulkDocument Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Documents are only written.");

    public override void Write(Utf8JsonWriter writer, BulkDocument value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json, skipInputValidation: true);
}
