using Emitter.Generator.Configuration;

namespace Emitter.Generator.Bench.Measurement;

/// <summary>Which phase a moment belongs to, counted from the start of the first phase.</summary>
public sealed class PhaseClock(IReadOnlyList<BenchPhase> phases)
{
    private readonly double[] _ends = phases.Select((_, i) => phases.Take(i + 1).Sum(p => p.DurationSecs)).ToArray();

    public IReadOnlyList<BenchPhase> Phases { get; } = phases;

    public double StartSecs(int phase) => phase == 0 ? 0 : _ends[phase - 1];
    public double EndSecs(int phase) => _ends[phase];
    public TimeSpan Duration => TimeSpan.FromSeconds(_ends[^1]);

    /// <summary>Whether <paramref name="at"/> falls in the warm-up at the start of <paramref name="phase"/> (left out of its figures).</summary>
    public bool InWarmup(int phase, TimeSpan at) => at.TotalSeconds < StartSecs(phase) + Phases[phase].WarmupSecs;

    /// <summary>The part of a phase its figures cover: its duration less its warm-up.</summary>
    public double MeasuredSecs(int phase) => Phases[phase].DurationSecs - Phases[phase].WarmupSecs;

    /// <summary>The phase in progress <paramref name="at"/> after the start; the last one for anything after the end; -1 before the start.</summary>
    public int PhaseAt(TimeSpan at)
    {
        if (at < TimeSpan.Zero) return -1;
        var seconds = at.TotalSeconds;
        for (var i = 0; i < _ends.Length; i++)
        {
            if (seconds < _ends[i]) return i;
        }
        return _ends.Length - 1;
    }
}
