namespace Emitter.Generator.Configuration;

/// <summary>
/// How a service's rate varies through the run: a multiplier of <c>rate_per_sec</c> at each
/// second since the start. Emission stays open-loop; <see cref="Emission.ShapedTimeline"/> turns
/// the multiplier into arrival times.
/// </summary>
public abstract record RateShape
{
    /// <summary>The multiplier at <paramref name="seconds"/> since the start; never negative.</summary>
    public abstract double Multiplier(double seconds);
}

/// <summary>Linear from <paramref name="From"/> to <paramref name="To"/> over <paramref name="OverSecs"/>, then <paramref name="To"/>.</summary>
public sealed record RampShape(double From, double To, double OverSecs) : RateShape
{
    public override double Multiplier(double seconds) => From + (To - From) * Math.Clamp(seconds / OverSecs, 0, 1);
}

/// <summary>1 until the first step; each step holds its multiplier from its <c>at_secs</c> on.</summary>
public sealed record StepsShape(IReadOnlyList<(double AtSecs, double Multiplier)> Steps) : RateShape
{
    public override double Multiplier(double seconds)
    {
        var value = 1.0;
        foreach (var (at, multiplier) in Steps)
        {
            if (seconds < at) break;
            value = multiplier;
        }
        return value;
    }
}

/// <summary>A burst of <paramref name="BurstSecs"/> at <paramref name="Peak"/> every <paramref name="EverySecs"/> (the first one after a full interval), <paramref name="Base"/> between.</summary>
public sealed record BurstsShape(double EverySecs, double BurstSecs, double Peak, double Base) : RateShape
{
    public override double Multiplier(double seconds) =>
        seconds >= EverySecs && seconds % EverySecs < BurstSecs ? Peak : Base;
}

/// <summary>
/// A day of traffic compressed into <paramref name="PeriodSecs"/> (repeating): a cosine from
/// <paramref name="Low"/> at 04:00 to <paramref name="High"/> at 16:00; the run starts at midnight.
/// </summary>
public sealed record DailyShape(double PeriodSecs, double Low, double High) : RateShape
{
    public override double Multiplier(double seconds)
    {
        var hour = 24 * (seconds / PeriodSecs % 1);
        return Low + (High - Low) * (1 - Math.Cos(2 * Math.PI * (hour - 4) / 24)) / 2;
    }
}
