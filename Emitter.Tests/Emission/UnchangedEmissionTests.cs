using System.Security.Cryptography;
using System.Text;
using Emitter.Generator.Configuration;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Emission;

/// <summary>
/// A config without shapes, incidents or shards emits exactly what it emitted before those
/// existed: the digest below was taken on the code before them (same seed, same fake clock).
/// </summary>
public class UnchangedEmissionTests
{
    private const string Before = "9471BE5FF3306805288EE4F0491BCD03F75A7215A6179E46";

    [Fact]
    public async Task A_config_without_the_new_sections_emits_the_same_entries_as_before_them()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        var sink = new RecordingSink("rec", time);
        var config = FakeClockRun.Config(3,
            new ServiceConfig("api", 300, [0.1, 0.6, 0.2, 0.1], ArrivalProcess.Poisson),
            new ServiceConfig("worker", 120, [1, 0, 0, 1], ArrivalProcess.Uniform));

        await FakeClockRun.RunAsync(config, TestPools.Small(), 42, [(sink, FakeClockRun.SinkConfig("rec"))], time);

        // The run's wall start depends on when it began on the fake clock; the uniform worker's first entry marks it.
        var start = sink.Entries.Min(e => e.Timestamp);
        var lines = sink.Entries
            .Select(e => $"{e.Service}|{(e.Timestamp - start).Ticks}|{e.Level}|{e.Text}")
            .Order(StringComparer.Ordinal);
        var digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", lines))));
        Assert.Equal(Before, digest[..Before.Length]);
    }
}
