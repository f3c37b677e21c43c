using Emitter.Generator.Bench.Driver;
using Emitter.Generator.Configuration;

namespace Emitter.Tests.Bench;

/// <summary>The phases' write rates: an emitter's nominal schedule mapped through the cumulative multiplier.</summary>
public class RateScheduleTests
{
    private static readonly BenchPhase[] Phases = [new("steady", 2, 0), new("heavy", 2, 2), new("recovery", 1, 1)];

    [Theory]
    [InlineData(0.0, 2.0)]      // the first arrival of a quiet phase waits for the next phase with writes
    [InlineData(0.5, 2.25)]     // twice the rate: nominal time runs twice as fast
    [InlineData(4.0, 4.0)]      // the end of the heavy phase (2 s at 2x = 4 nominal seconds)
    [InlineData(4.5, 4.5)]      // recovery at 1x
    [InlineData(5.0, 5.0)]
    public void Nominal_times_map_to_real_times_through_the_phases(double nominal, double real)
    {
        Assert.Equal(real, new RateSchedule(Phases).ToReal(nominal), 9);
    }

    [Fact]
    public void Arrivals_beyond_the_last_phase_never_come()
    {
        Assert.Equal(double.PositiveInfinity, new RateSchedule(Phases).ToReal(5.001));
    }

    [Fact]
    public void A_Poisson_schedule_mapped_through_it_has_the_rate_times_each_phases_multiplier()
    {
        var schedule = new RateSchedule(Phases);
        var nominal = new PoissonSchedule(1000, new Random(11));
        var perPhase = new long[Phases.Length];
        for (var real = schedule.ToReal(nominal.Next().TotalSeconds); !double.IsInfinity(real); real = schedule.ToReal(nominal.Next().TotalSeconds))
            perPhase[schedule.StretchOf(real)]++;

        Assert.Equal(0, perPhase[0]);
        Assert.InRange(perPhase[1], 3800, 4200); // 2 s at 2,000/s, within ~3 standard deviations
        Assert.InRange(perPhase[2], 900, 1100);  // 1 s at 1,000/s
    }
}
