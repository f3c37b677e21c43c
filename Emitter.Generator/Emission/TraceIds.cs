using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Emitter.Generator.Pool;

namespace Emitter.Generator.Emission;

/// <summary>
/// W3C trace context ids: a trace id of 16 bytes (32 lower-case hex digits) and a span id of 8
/// (16), never all zero (W3C's invalid value, which entries without trace context keep). Like
/// entry ids they come from a generator seeded once from the OS, so runs and shards never
/// share one; what the seed fixes is which entries share a trace, not the ids' values. Not
/// thread-safe: one per emitter.
/// </summary>
public sealed class TraceIds
{
    private readonly SplitMix64 _random = new(BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(8)));

    public UInt128 NextTraceId()
    {
        var id = new UInt128(_random.NextUInt64(), _random.NextUInt64());
        return id == UInt128.Zero ? UInt128.One : id;
    }

    public ulong NextSpanId() => _random.NextUInt64() is var id && id != 0 ? id : 1;

    /// <summary>32 lower-case hex digits, as W3C traceparent writes a trace id.</summary>
    public static string Hex(UInt128 traceId) => traceId.ToString("x32", CultureInfo.InvariantCulture);

    /// <summary>16 lower-case hex digits.</summary>
    public static string Hex(ulong spanId) => spanId.ToString("x16", CultureInfo.InvariantCulture);
}
