using Emitter.Generator.Emission;

namespace Emitter.Tests.Emission;

public class UuidV7GeneratorTests
{
    [Fact]
    public void Ids_are_version_7_carry_their_millisecond_and_never_repeat()
    {
        var at = new DateTimeOffset(2026, 11, 27, 18, 53, 6, 123, TimeSpan.Zero);
        var ids = new HashSet<Guid>();
        foreach (var generator in new[] { new UuidV7Generator(), new UuidV7Generator() })
        {
            for (var i = 0; i < 100_000; i++)
            {
                var id = generator.Next(at);
                Assert.True(ids.Add(id));
                if (i % 10_000 != 0) continue;
                Assert.Equal(7, id.Version);
                Assert.Equal(0b1000, id.Variant & 0b1100); // RFC 9562 variant 10xx
                var bytes = id.ToByteArray(bigEndian: true);
                var milliseconds = ((long)bytes[0] << 40) | ((long)bytes[1] << 32) | ((long)bytes[2] << 24) | ((long)bytes[3] << 16) | ((long)bytes[4] << 8) | bytes[5];
                Assert.Equal(at.ToUnixTimeMilliseconds(), milliseconds);
            }
        }
    }
}
