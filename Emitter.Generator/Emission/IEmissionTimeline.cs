namespace Emitter.Generator.Emission;

/// <summary>
/// Where each arrival of a service's nominal schedule falls in real time, and which stretch of
/// the run (a bench's phases) that is, so emitters can count what they emit per stretch exactly.
/// </summary>
public interface IEmissionTimeline
{
    /// <summary>Real seconds since the start for an arrival at <paramref name="nominal"/> seconds of the service's own schedule (+∞: never).</summary>
    double ToReal(double nominal);

    int Stretches { get; }

    /// <summary>The stretch holding <paramref name="real"/> seconds since the start.</summary>
    int StretchOf(double real);
}
