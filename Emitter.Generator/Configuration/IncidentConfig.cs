using Emitter.Generator.Model;

namespace Emitter.Generator.Configuration;

/// <summary>
/// One configured incident. In its window the affected services' rates are multiplied by
/// <paramref name="RateMultiplier"/>, their levels drawn by <paramref name="LevelWeights"/>, and a
/// <paramref name="FamilyShare"/> of their entries come from the incident's own messages; the
/// <paramref name="PrecursorSecs"/> before and <paramref name="RecoverySecs"/> after bring a
/// <paramref name="SideShare"/> of precursor and recovery messages.
/// </summary>
public sealed record IncidentConfig(
    string Name,
    IncidentKind Kind,
    double StartSecs,
    double DurationSecs,
    IReadOnlyList<string> Services,
    double RateMultiplier,
    double[] LevelWeights,
    double FamilyShare,
    double PrecursorSecs,
    double RecoverySecs,
    double SideShare)
{
    public double EndSecs => StartSecs + DurationSecs;

    /// <summary>Each incident's kind with each service it hits: whose messages the pool needs.</summary>
    public static IEnumerable<(IncidentKind Kind, string Service)> Affected(IEnumerable<IncidentConfig> incidents) =>
        incidents.SelectMany(i => i.Services.Select(service => (i.Kind, service)));
}
