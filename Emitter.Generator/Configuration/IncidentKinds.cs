using Emitter.Generator.Model;

namespace Emitter.Generator.Configuration;

/// <summary>Config names and the defaults each kind brings (every one can be overridden per incident).</summary>
public static class IncidentKinds
{
    public static readonly IReadOnlyDictionary<string, IncidentKind> ByName = new Dictionary<string, IncidentKind>(StringComparer.Ordinal)
    {
        ["database_pool_exhaustion"] = IncidentKind.DatabasePoolExhaustion,
        ["dependency_timeout_cascade"] = IncidentKind.DependencyTimeoutCascade,
        ["memory_pressure"] = IncidentKind.MemoryPressure,
        ["certificate_expiry"] = IncidentKind.CertificateExpiry,
        ["deploy_regression"] = IncidentKind.DeployRegression,
    };

    public static string Name(this IncidentKind kind) => ByName.First(kv => kv.Value == kind).Key;

    /// <summary>How much more (retries, restarts) or less (refused handshakes) the affected services log in the window.</summary>
    public static double DefaultRateMultiplier(this IncidentKind kind) => kind switch
    {
        IncidentKind.DatabasePoolExhaustion => 1.5,
        IncidentKind.DependencyTimeoutCascade => 2,
        IncidentKind.MemoryPressure => 1.2,
        IncidentKind.CertificateExpiry => 0.8,
        _ => 1.5,
    };

    /// <summary>Debug, info, warn, error in the window: an incident turns the mix towards WARN and ERROR.</summary>
    public static double[] DefaultLevelWeights(this IncidentKind kind) => kind switch
    {
        IncidentKind.CertificateExpiry => [0.02, 0.38, 0.1, 0.5],
        IncidentKind.MemoryPressure => [0.05, 0.45, 0.3, 0.2],
        _ => [0.05, 0.45, 0.2, 0.3],
    };
}
