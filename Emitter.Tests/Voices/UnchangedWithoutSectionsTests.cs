using System.Security.Cryptography;
using System.Text;
using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Tests.Voices;

/// <summary>
/// A config without voices or traces gets the pool and the (level, message) sequence main had
/// before either existed: the hashes below were taken from main (40271a0) before any change.
/// </summary>
public class UnchangedWithoutSectionsTests(ITestOutputHelper output)
{
    private const string PoolHash = "5c668df99ababd0bca87c30983cf15ce0f0307788027c7f084d4ec65f87a4bdc";
    private const string SequenceHash = "3f9a5ce385cc9b01f71619221068682408858cbf8f4c0177ab841e1df1f6cc22";

    [Fact]
    public void The_pool_of_a_seed_is_the_one_main_built()
    {
        var pool = MessagePoolBuilder.Build(2_000, seed: 42);
        var hash = Hash(pool.Messages.Select(m => $"{m.Index} {m.Level.Name()} {m.Text}"));
        output.WriteLine(hash);
        Assert.Equal(PoolHash, hash);
    }

    [Fact]
    public void A_services_sequence_of_a_seed_is_the_one_main_drew()
    {
        var pool = MessagePoolBuilder.Build(2_000, seed: 42);
        var sequence = new ServiceSequence(new ServiceConfig("payment-service", 50, [0.1, 0.7, 0.15, 0.05], ArrivalProcess.Poisson), pool, 42);
        var draws = Enumerable.Range(0, 5_000).Select(_ => $"{sequence.NextArrival():R} {sequence.NextMessage().Index}");
        var hash = Hash(draws);
        output.WriteLine(hash);
        Assert.Equal(SequenceHash, hash);
    }

    private static string Hash(IEnumerable<string> lines) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))));
}
