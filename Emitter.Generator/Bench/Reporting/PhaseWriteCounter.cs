using Emitter.Generator.Batching;
using Emitter.Generator.Bench.Freshness;
using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Emission;

namespace Emitter.Generator.Bench.Reporting;

/// <summary>
/// Writes per phase: entries emitted and markers written, by scheduled time (exact, counted where
/// they are made); deliveries from the sinks' counters read at every phase boundary, the last phase
/// running to the final counts (what the sinks drained after the end belongs to it). At the same
/// boundaries it reads the process's CPU time, for the driver's CPU use per phase.
/// </summary>
public sealed class PhaseWriteCounter(int phases)
{
    private readonly Snapshot?[] _boundaries = new Snapshot?[phases + 1];
    private IReadOnlyList<ServiceEmitter> _emitters = [];
    private IReadOnlyList<SinkPipeline> _pipelines = [];
    private MarkerWriter? _markers;

    private sealed record Snapshot(IReadOnlyDictionary<string, long> Delivered, TimeSpan Cpu, long At);

    public async Task RunAsync(PhaseClock clock, long start, IReadOnlyList<ServiceEmitter> emitters, IReadOnlyList<SinkPipeline> pipelines,
        MarkerWriter? markers, Action<int> begins, TimeProvider time, CancellationToken stop)
    {
        _emitters = emitters;
        _pipelines = pipelines;
        _markers = markers;
        _boundaries[0] = Take();
        try
        {
            for (var i = 0; i < clock.Phases.Count; i++)
            {
                begins(i);
                var wait = TimeSpan.FromSeconds(clock.EndSecs(i)) - time.GetElapsedTime(start);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, time, stop).ConfigureAwait(false);
                if (i + 1 < clock.Phases.Count) _boundaries[i + 1] = Take();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Phase <paramref name="index"/>'s writes; zeros for a phase the run never reached.</summary>
    public PhaseWrites For(int index)
    {
        var from = _boundaries[index];
        var emitted = _emitters.Sum(e => e.EmittedIn(index));
        var markers = _markers?.WrittenIn(index) ?? 0;
        if (from is null) return new PhaseWrites(emitted, markers, _pipelines.ToDictionary(p => p.Name, _ => 0L));
        var to = index + 1 < phases && _boundaries[index + 1] is { } next ? next : Take();
        return new PhaseWrites(emitted, markers,
            to.Delivered.ToDictionary(kv => kv.Key, kv => kv.Value - from.Delivered[kv.Key]));
    }

    /// <summary>
    /// Phase <paramref name="index"/>'s process CPU time over its wall time (1.0 = one core busy
    /// throughout); null for a phase the run never reached.
    /// </summary>
    public double? CpuUse(int index)
    {
        if (_boundaries[index] is not { } from) return null;
        var to = index + 1 < phases && _boundaries[index + 1] is { } next ? next : Take();
        var wall = System.Diagnostics.Stopwatch.GetElapsedTime(from.At, to.At);
        return wall <= TimeSpan.Zero ? null : Math.Round((to.Cpu - from.Cpu) / wall, 3);
    }

    // Process CPU and the monotonic clock: CPU use is about this process's real time, whatever clock the run keeps.
    private Snapshot Take() => new(_pipelines.ToDictionary(p => p.Name, p => p.Stats.Delivered), Environment.CpuUsage.TotalTime, System.Diagnostics.Stopwatch.GetTimestamp());
}
