namespace Emitter.Generator.Sinks;

/// <summary>
/// A setup step's answer as a value: ready, or "not yet" with the server's reason (a 503, a
/// 429), which the setup profile waits out within the one setup patience.
/// </summary>
public readonly record struct Readiness(string? NotReadyReason)
{
    public static Readiness Ready => default;
    public static Readiness NotYet(string reason) => new(reason);
}
