namespace Emitter.Generator.Model;

/// <summary>The catalogue of incident kinds (docs/scenarios.md lists them); each has its own messages in Pool/IncidentTemplates.cs.</summary>
public enum IncidentKind
{
    DatabasePoolExhaustion,
    DependencyTimeoutCascade,
    MemoryPressure,
    CertificateExpiry,
    DeployRegression,
}
