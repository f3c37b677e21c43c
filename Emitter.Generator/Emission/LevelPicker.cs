using Emitter.Generator.Model;

namespace Emitter.Generator.Emission;

/// <summary>Draws a level by a service's weights, normalised to cumulative probabilities.</summary>
public sealed class LevelPicker
{
    private readonly double[] _cumulative = new double[LogLevels.Count];

    public LevelPicker(IReadOnlyList<double> weights)
    {
        var total = weights.Sum();
        if (weights.Count != LogLevels.Count || total <= 0 || weights.Any(w => w < 0))
            throw new ArgumentException("Need four non-negative weights with a positive sum.", nameof(weights));

        var running = 0.0;
        for (var i = 0; i < LogLevels.Count; i++)
        {
            running += weights[i] / total;
            _cumulative[i] = running;
        }
        _cumulative[^1] = 1.0; // rounding must never leave a gap above the last level
    }

    /// <param name="unit">A uniform draw in [0, 1).</param>
    public LogLevel Pick(double unit)
    {
        for (var i = 0; i < _cumulative.Length; i++)
        {
            // Zero-weight levels have no width, so they are never chosen.
            if (unit < _cumulative[i] && (i == 0 || _cumulative[i] > _cumulative[i - 1])) return (LogLevel)i;
        }
        return (LogLevel)(LogLevels.Count - 1);
    }
}
