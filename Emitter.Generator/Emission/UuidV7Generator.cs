using System.Buffers.Binary;
using System.Security.Cryptography;
using Emitter.Generator.Pool;

namespace Emitter.Generator.Emission;

/// <summary>
/// UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. Guid.CreateVersion7
/// asks the OS for randomness on every call (about 0.5 µs here), which alone capped an emitter below
/// a million entries a second; this one draws from a generator seeded once from the OS, so ids stay
/// unique across runs (and unrelated to the run's seed) at a few nanoseconds each. Not thread-safe:
/// one per emitter. A shard's generator writes its index into the top 10 of the 62 random bits
/// of rand_b, so shards of one run can never make the same id.
/// </summary>
public sealed class UuidV7Generator(Configuration.Shard? shard = null)
{
    private readonly ulong _shardBits = shard is { IsSharded: true } s ? (ulong)s.Index << 52 : 0;
    private readonly ulong _randomMask = shard is { IsSharded: true } ? (1UL << 52) - 1 : (1UL << 62) - 1;
    private readonly SplitMix64 _random = new(BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(8)));

    public Guid Next(DateTimeOffset timestamp)
    {
        Span<byte> bytes = stackalloc byte[16];
        var milliseconds = (ulong)timestamp.ToUnixTimeMilliseconds();
        BinaryPrimitives.WriteUInt64BigEndian(bytes, (milliseconds << 16) | 0x7000UL | (_random.NextUInt64() & 0x0FFFUL));
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], 0x8000000000000000UL | _shardBits | (_random.NextUInt64() & _randomMask));
        return new Guid(bytes, bigEndian: true);
    }
}
