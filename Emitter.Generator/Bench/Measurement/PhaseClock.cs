using Emitter.Generator.Bench.Config;

namespace Emitter.Generator.Bench.Measurement;

/// <summary>Which phase a moment belongs to, counted from the start of the first phase.</summary>
public sealed class PhaseClock(IReadOnlyList<BenchPhase> phases)
{
    private readonly double[] _ends = phases.Select((_, i) => phases.Take(i + 1).Sum(p => p.DurationSecs)).ToArray();

    public IReadOnlyList<BenchPhase> Phases { get; } = phases;

    public double StartSecs(int phase) => phase == 0 ? 0 : _ends[phase - 1];
    public double EndSecs(int phase) => _ends[phase];
    public TimeSpan Duration => TimeSpan.FromSeconds(_ends[^1]);

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
