using Emitter.Generator.Model;

namespace Emitter.Generator.Emission;

/// <summary>
/// Writes one request through the call graph as entries, depth first from its root: each
/// service logs one line (drawn by its own voice and level weights) on a span of its own, then
/// calls its callees in order, each a little later, so the trace's timestamps follow causality.
/// The error rule: a service whose line is an ERROR fails its request there (it calls no one
/// further), and every caller above it logs an upstream ERROR (a timeout or a 5xx) on its own
/// span after the failed callee's lines, and calls no one further either.
/// </summary>
public sealed class RequestWalker(TracePlan plan, string root, Random random, TraceIds ids, UuidV7Generator entryIds, DateTimeOffset startWall)
{
    private const double MinHopSeconds = 0.0002;
    private const double MeanHopSeconds = 0.002;

    private LogEntry[] _into = [];
    private int _at;
    private double _seconds;
    private UInt128 _trace;

    /// <summary>Writes a request starting at <paramref name="seconds"/> into <paramref name="into"/> from <paramref name="at"/>; returns how many entries.</summary>
    public int Walk(double seconds, LogEntry[] into, int at)
    {
        _into = into;
        _at = at;
        _seconds = seconds;
        _trace = ids.NextTraceId();
        Visit(root, 0);
        return _at - at;
    }

    private bool Visit(string service, ulong parent)
    {
        var span = ids.NextSpanId();
        var opening = _at;
        var started = _seconds;
        var failed = Walk(service, span);
        // The span lasts until its last line or its callees' (and one minimal hop more, so a leaf has a length).
        // In ticks as timestamps are, so a callee's span ends within its caller's.
        var ticks = Ticks(_seconds + MinHopSeconds) - Ticks(started);
        _into[opening] = _into[opening] with { Hop = new SpanHop(parent, Math.Max(1, ticks), failed) };
        return failed;
    }

    private bool Walk(string service, ulong span)
    {
        var message = plan.VoiceOf(service).Draw(random);
        Emit(service, message, span);
        if (message.Level == LogLevel.Error) return true;
        foreach (var callee in plan.Config.CalleesOf(service))
        {
            Hop();
            if (!Visit(callee, span)) continue;
            Hop();
            Emit(service, plan.UpstreamErrors[random.Next(plan.UpstreamErrors.Count)], span);
            return true;
        }
        return false;
    }

    private static long Ticks(double seconds) => (long)(seconds * TimeSpan.TicksPerSecond);

    private void Hop() => _seconds += MinHopSeconds - Math.Log(1.0 - random.NextDouble()) * MeanHopSeconds;

    private void Emit(string service, PoolMessage message, ulong span)
    {
        var timestamp = startWall.AddTicks(Ticks(_seconds));
        _into[_at++] = new LogEntry(entryIds.Next(timestamp), timestamp, service, message.Level, message, _trace, span);
    }
}
