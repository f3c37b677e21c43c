using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Emission;

/// <summary>Load shapes: each second holds what the shape plans for it, within 2%, still open-loop on a fake clock.</summary>
public class ShapeTests
{
    private const double Rate = 1000;
    private const int Seconds = 20;

    public static TheoryData<string> Shapes => ["ramp", "steps", "bursts", "daily"];

    private static RateShape Shape(string kind) => kind switch
    {
        "ramp" => new RampShape(0.2, 1.5, Seconds),
        "steps" => new StepsShape([(0, 0.5), (5, 2), (12.5, 1)]),
        "bursts" => new BurstsShape(6, 2, 4, 0.5),
        _ => new DailyShape(Seconds, 0.1, 1),
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Every_second_holds_its_planned_count_within_two_percent(string kind)
    {
        var shape = Shape(kind);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        var sink = new RecordingSink("rec", time);
        var service = new ServiceConfig("shaped", Rate, [0, 1, 0, 0], ArrivalProcess.Uniform) { Shape = shape };

        var summary = await FakeClockRun.RunAsync(FakeClockRun.Config(Seconds, service), TestPools.Small(), 3, [(sink, FakeClockRun.SinkConfig("rec"))], time);

        // Uniform arrivals start at 0 s exactly, so the first entry marks the run's start.
        var start = sink.Entries.Min(e => e.Timestamp);
        var written = new long[Seconds];
        foreach (var entry in sink.Entries) written[(int)(entry.Timestamp - start).TotalSeconds]++;
        for (var second = 0; second < Seconds; second++)
        {
            var planned = ShapedTimeline.Planned(shape.Multiplier, Rate, second, second + 1);
            Assert.True(Math.Abs(written[second] - planned) <= 0.02 * planned,
                $"{kind}: second {second} wrote {written[second]}, planned {planned:0.0}");
        }
        var total = ShapedTimeline.Planned(shape.Multiplier, Rate, 0, Seconds);
        Assert.InRange(summary.Emitted, total * 0.98, total * 1.02);
        Assert.Equal(summary.Emitted, sink.Entries.Count);
    }

    [Fact]
    public void The_plan_integrates_the_shape_itself()
    {
        // A linear ramp integrates exactly on the midpoint rule: 1000/s from 0.2x to 1.5x over 20 s.
        var ramp = new RampShape(0.2, 1.5, Seconds);
        Assert.Equal(Rate * (0.2 + 1.5) / 2 * Seconds, ShapedTimeline.Planned(ramp.Multiplier, Rate, 0, Seconds), 3);
        // A day compressed into 24 s peaks at 16:00 and bottoms out at 04:00.
        var daily = new DailyShape(24, 0.1, 1);
        Assert.Equal(1, daily.Multiplier(16), 6);
        Assert.Equal(0.1, daily.Multiplier(4), 6);
        Assert.Equal(0.5, new StepsShape([(0, 0.5), (5, 2)]).Multiplier(4.99));
        Assert.Equal(4, new BurstsShape(6, 2, 4, 0.5).Multiplier(13));
        Assert.Equal(0.5, new BurstsShape(6, 2, 4, 0.5).Multiplier(1)); // the first burst comes after a full interval
    }

    [Fact]
    public async Task Poisson_arrivals_keep_the_shaped_total_within_two_percent()
    {
        var shape = Shape("ramp");
        var time = new FakeTimeProvider();
        var sink = new RecordingSink("rec", time);
        var service = new ServiceConfig("shaped", 5000, [0, 1, 0, 0], ArrivalProcess.Poisson) { Shape = shape };

        var summary = await FakeClockRun.RunAsync(FakeClockRun.Config(Seconds, service), TestPools.Small(), 9, [(sink, FakeClockRun.SinkConfig("rec"))], time);

        var planned = ShapedTimeline.Planned(shape.Multiplier, 5000, 0, Seconds);
        Assert.InRange(summary.Emitted, planned * 0.98, planned * 1.02);
    }
}
