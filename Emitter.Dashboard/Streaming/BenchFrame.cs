using System.Buffers;
using System.Text.Json;
using Emitter.Dashboard.Contract;

namespace Emitter.Dashboard.Streaming;

/// <summary>
/// A bench snapshot as browsers receive it, the contract's JSON under a type:
/// <c>{"type":"bench","snapshot":{"phase":..,"stores":[..],..}}</c>. It carries no entries, so a
/// client that drops one misses no entry; the next snapshot supersedes it anyway.
/// </summary>
public static class BenchFrame
{
    public const string Type = "bench";

    internal static OutboundFrame Create(BenchSnapshot snapshot)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + snapshot.Stores.Count * 200);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", Type);
            json.WritePropertyName("snapshot");
            JsonSerializer.Serialize(json, snapshot, BenchJson.Default.BenchSnapshot);
            json.WriteEndObject();
        }
        return new OutboundFrame(buffer.WrittenMemory, 0, Flush: false);
    }
}
