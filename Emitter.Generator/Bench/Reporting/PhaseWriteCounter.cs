using Emitter.Generator.Batching;
using Emitter.Generator.Bench.Freshness;
using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Emission;

namespace Emitter.Generator.Bench.Reporting;

/// <summary>
/// Writes per phase: entries emitted and markers written, by scheduled time (exact, counted where
/// they are made); deliveries from the sinks' counters read at every phase boundary, the last phase
/// running to the final counts (what the sinks drained after the end belongs to it).
/// </summary>
public sealed class PhaseWriteCounter(int phases)
{
    private readonly Snapshot?[] _boundaries = new Snapshot?[phases + 1];
    private IReadOnlyList<ServiceEmitter> _emitters = [];
    private IReadOnlyList<SinkPipeline> _pipelines = [];
    private MarkerWriter? _markers;

    private sealed record Snapshot(IReadOnlyDictionary<string, long> Delivered);

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

    private Snapshot Take() => new(_pipelines.ToDictionary(p => p.Name, p => p.Stats.Delivered));
}
