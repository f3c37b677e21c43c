namespace Emitter.Generator.Sinks;

/// <summary>What a sink is to the run, which decides how its losses count.</summary>
public enum SinkKind
{
    /// <summary>Storage: what it could not take is counted failed and fails the run.</summary>
    Store,

    /// <summary>
    /// A live view (the dashboard): whatever it could not take, including what is left when the
    /// grace period ends, is counted dropped with the reason, so it never fails the run.
    /// </summary>
    LiveView,
}
