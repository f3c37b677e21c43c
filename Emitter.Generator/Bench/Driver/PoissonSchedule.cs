namespace Emitter.Generator.Bench.Driver;

/// <summary>Arrival times of a Poisson process (exponential gaps), as offsets from its start.</summary>
public sealed class PoissonSchedule(double ratePerSec, Random random)
{
    private double _clock;

    public TimeSpan Next() => TimeSpan.FromSeconds(_clock += -Math.Log(1.0 - random.NextDouble()) / ratePerSec);
}
