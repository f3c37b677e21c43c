using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;

namespace Emitter.Generator.Bench.Driver;

/// <summary>
/// Varies the write rate by phase without touching the emitters: an emitter's arrival at
/// nominal time u (its schedule at the configured rate) is moved to the real time t where the
/// cumulative multiplier ∫₀ᵗ m reaches u. A Poisson process of rate r mapped this way is a
/// Poisson process of rate r·m(t), so the emitters stay open-loop and exact; a phase with
/// multiplier 0 takes no arrivals.
/// </summary>
public sealed class RateSchedule(IReadOnlyList<BenchPhase> phases) : IEmissionTimeline
{
    private readonly Measurement.PhaseClock _clock = new(phases);

    public int Stretches => phases.Count;

    public int StretchOf(double real) => _clock.PhaseAt(TimeSpan.FromSeconds(real));

    /// <summary>Real seconds since the phases began, or +∞ when the nominal time lies beyond the last phase.</summary>
    public double ToReal(double nominal)
    {
        double realStart = 0, nominalStart = 0;
        foreach (var phase in phases)
        {
            var nominalLength = phase.WriteRate * phase.DurationSecs;
            if (phase.WriteRate > 0 && nominal <= nominalStart + nominalLength)
                return realStart + (nominal - nominalStart) / phase.WriteRate;
            realStart += phase.DurationSecs;
            nominalStart += nominalLength;
        }
        return double.PositiveInfinity;
    }
}
