using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Emission;

public class EmissionTests
{
    private static readonly double[] Weights = [0.1, 0.6, 0.2, 0.1];

    private static ServiceConfig[] FourServices(ArrivalProcess arrival) =>
        Enumerable.Range(1, 4).Select(i => new ServiceConfig($"svc-{i}", 2500, Weights, arrival)).ToArray();

    [Fact]
    public async Task Uniform_arrivals_hold_the_configured_rate_exactly()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        var start = time.GetUtcNow();
        var sink = new RecordingSink("rec", time);

        var summary = await FakeClockRun.RunAsync(FakeClockRun.Config(20, FourServices(ArrivalProcess.Uniform)), TestPools.Small(), 42,
            [(sink, FakeClockRun.SinkConfig("rec"))], time);

        Assert.Equal(200_000, summary.Emitted);
        Assert.InRange(summary.AchievedRate, 9_980, 10_000); // the last wake-up may come one clock step late
        Assert.All(summary.ByService.Values, count => Assert.Equal(50_000, count));
        Assert.Equal(200_000, sink.Entries.Count);
        Assert.Equal(200_000, sink.Entries.Select(e => e.Id).Distinct().Count());
        var first = sink.Entries.Min(e => e.Timestamp);
        Assert.InRange(first, start, start.AddSeconds(1));
        Assert.True(sink.Entries.Max(e => e.Timestamp) < first.AddSeconds(20), "every timestamp lies inside the 20 s run");
        Assert.Equal(new Reporting(200_000, 0, 0), Reporting.Of(summary, "rec"));
    }

    [Fact]
    public async Task Poisson_arrivals_average_the_rate_and_levels_fit_the_weights()
    {
        var time = new FakeTimeProvider();
        var sink = new RecordingSink("rec", time);

        var summary = await FakeClockRun.RunAsync(FakeClockRun.Config(20, FourServices(ArrivalProcess.Poisson)), TestPools.Small(), 7,
            [(sink, FakeClockRun.SinkConfig("rec"))], time);

        Assert.InRange(summary.Emitted, 196_000, 204_000); // within 2% of 10,000/s for 20 s
        Assert.Equal(summary.Emitted, sink.Entries.Count);
        foreach (var service in summary.Services.Values)
        {
            var observed = LogLevels.All.Select(l => (double)service.ByLevel[l.Name()]).ToArray();
            var expected = Weights.Select(w => w * service.Emitted).ToArray();
            var chiSquare = observed.Zip(expected, (o, e) => (o - e) * (o - e) / e).Sum();
            Assert.True(chiSquare < 16.27, $"chi-square {chiSquare:0.00} exceeds 16.27 (df 3, p 0.001)");
        }
        // The level is drawn first and the message comes from that level's share.
        Assert.All(sink.Entries, e => Assert.Equal(e.Level, e.Message.Level));
    }

    [Fact]
    public async Task Zero_weight_levels_never_appear()
    {
        var time = new FakeTimeProvider();
        var sink = new RecordingSink("rec", time);
        var summary = await FakeClockRun.RunAsync(FakeClockRun.Config(2, new ServiceConfig("only-errors", 500, [0, 0, 0, 1], ArrivalProcess.Poisson)),
            TestPools.Small(), 1, [(sink, FakeClockRun.SinkConfig("rec"))], time);

        Assert.True(summary.Emitted > 0);
        Assert.All(sink.Entries, e => Assert.Equal(LogLevel.Error, e.Level));
    }

    [Fact]
    public async Task A_seed_repeats_every_services_sequence_and_another_seed_does_not()
    {
        async Task<Dictionary<string, string[]>> Sequences(ulong seed)
        {
            var time = new FakeTimeProvider();
            var sink = new RecordingSink("rec", time);
            await FakeClockRun.RunAsync(FakeClockRun.Config(1, FourServices(ArrivalProcess.Poisson)), TestPools.Small(), seed,
                [(sink, FakeClockRun.SinkConfig("rec"))], time);
            return sink.Entries.GroupBy(e => e.Service).ToDictionary(g => g.Key,
                g => g.Select(e => (e.Timestamp, Text: $"{e.Level} {e.Text}")).OrderBy(e => e.Timestamp).ThenBy(e => e.Text, StringComparer.Ordinal).Select(e => e.Text).ToArray());
        }

        var first = await Sequences(42);
        var again = await Sequences(42);
        var other = await Sequences(43);

        Assert.Equal(first.Keys.Order(), again.Keys.Order());
        foreach (var service in first.Keys) Assert.Equal(first[service], again[service]);
        Assert.NotEqual(first["svc-1"], other["svc-1"]);
    }
}

/// <summary>The three counts of one sink, compared as one value.</summary>
internal sealed record Reporting(long Delivered, long Failed, long Dropped)
{
    public static Reporting Of(Emitter.Generator.Reporting.RunSummary summary, string sink) =>
        new(summary.Sinks[sink].Delivered, summary.Sinks[sink].Failed, summary.Sinks[sink].Dropped);
}
