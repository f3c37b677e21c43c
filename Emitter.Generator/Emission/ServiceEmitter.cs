using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;

namespace Emitter.Generator.Emission;

/// <summary>
/// One service's open-loop emitter. Arrival times come from the monotonic clock and the
/// service's rate, not from how fast the loop runs: at every wake-up each entry that is due
/// is emitted with its scheduled timestamp, so high rates hold although timers tick at about
/// 1 ms. When the pipeline behind holds it up, the lag is measured, never hidden.
/// </summary>
/// <param name="timeline">Moves each arrival from the service's nominal schedule to real time (a bench's phases, a shape or an incident vary the rate this way) and counts entries per stretch; null: as scheduled.</param>
/// <param name="traces">The run's request traces: a root's arrival may start a request through the call graph, written here whole; null: none.</param>
/// <param name="incidents">The incidents this service is in: they pick the messages in and around their windows; null: none.</param>
public sealed class ServiceEmitter(ServiceConfig service, ServiceSequence sequence, Batcher batcher, SinkFanOut fanOut, TimeProvider time,
    IEmissionTimeline? timeline = null, TracePlan? traces = null, ServiceIncidents? incidents = null)
{
    private const int ChunkSize = 256;
    private static readonly TimeSpan MinimumSleep = TimeSpan.FromMilliseconds(1);
    private readonly long[] _byLevel = new long[LogLevels.Count];
    private readonly long[] _byStretch = new long[timeline?.Stretches ?? 0];
    private readonly UuidV7Generator _ids = new(sequence.Shard);
    private readonly TraceIds _traceIds = new();
    private readonly bool _startsRequests = traces?.IsRoot(service.Name) == true;
    // Room a chunk keeps for one arrival: a whole request when this service starts them.
    private readonly int _room = traces?.MaxEntries(service.Name) ?? 1;
    private RequestWalker? _requests;
    private long _maxLagTicks;
    private long _notEmitted;

    public ServiceConfig Service { get; } = service;

    /// <summary>The ground truth of this service's incidents; null when it is in none.</summary>
    public ServiceIncidents? Incidents { get; } = incidents;
    public long Emitted => LogLevels.All.Sum(CountOf);
    /// <summary>Entries written under this service's name at a level, those other services' requests wrote included.</summary>
    public long CountOf(LogLevel level) => Volatile.Read(ref _byLevel[(int)level]) + (traces?.ReceivedBy(Service.Name, level) ?? 0);

    /// <summary>Entries emitted whose scheduled time fell in a stretch of the <see cref="IEmissionTimeline"/>.</summary>
    public long EmittedIn(int stretch) => Volatile.Read(ref _byStretch[stretch]);

    /// <summary>Entries scheduled before the run's end that were never emitted: the pipeline held the emitter up past its catch-up limit.</summary>
    public long NotEmitted => Volatile.Read(ref _notEmitted);

    /// <summary>The longest an entry waited past its scheduled time before it was handed to the batcher (measured per chunk, at hand-off).</summary>
    public TimeSpan MaxLag => TimeSpan.FromTicks(Volatile.Read(ref _maxLagTicks));

    /// <param name="start">Monotonic timestamp of the run's start (from the same <see cref="TimeProvider"/>).</param>
    /// <param name="startWall">Wall-clock time of that start: entry timestamps are startWall plus their schedule.</param>
    /// <param name="duration">Emit entries scheduled before this, then return; null runs until <paramref name="stop"/>.</param>
    /// <param name="catchUp">How long past the end an emitter held up by the pipeline may go on emitting what was due; the rest is counted in <see cref="NotEmitted"/>.</param>
    /// <param name="hardStop">Aborts a publish blocked on a full queue once shutdown's grace period is over.</param>
    /// <param name="skipSecs">A shard that started after the common start: arrivals before this are not emitted, only counted in <see cref="NotEmitted"/>.</param>
    public async Task RunAsync(long start, DateTimeOffset startWall, TimeSpan? duration, TimeSpan catchUp, CancellationToken stop, CancellationToken hardStop, double skipSecs = 0)
    {
        var chunk = new LogEntry[ChunkSize];
        var sealedBatches = new List<Batch>();
        var end = duration?.TotalSeconds ?? double.PositiveInfinity;
        var giveUp = end + catchUp.TotalSeconds;
        var next = NextArrival();
        if (_startsRequests) _requests = new RequestWalker(traces!, Service.Name, sequence.Requests, _traceIds, _ids, startWall);
        for (; next < skipSecs && next < end; next = NextArrival()) _notEmitted++;

        while (true)
        {
            var now = time.GetElapsedTime(start).TotalSeconds;
            var count = 0;
            var chunkFirst = next;
            while (next < end && next <= now)
            {
                if (count == 0) chunkFirst = next;
                var written = EmitArrival(chunk, count, next, startWall);
                count += written;
                if (timeline is not null) _byStretch[timeline.StretchOf(next)] += written;
                next = NextArrival();
                if (count > chunk.Length - _room)
                {
                    await HandOverAsync(chunk, count, chunkFirst, start, sealedBatches, hardStop).ConfigureAwait(false);
                    count = 0;
                    // A stop is honoured between chunks, not after the whole backlog: what was due is then never made.
                    if (stop.IsCancellationRequested || time.GetElapsedTime(start).TotalSeconds >= giveUp) break;
                }
            }
            await HandOverAsync(chunk, count, chunkFirst, start, sealedBatches, hardStop).ConfigureAwait(false);

            if (stop.IsCancellationRequested)
            {
                // Stopped while behind: arrivals already due that were never made are not emitted (not failed: no sink saw them).
                for (; next < end && next <= now; next = NextArrival()) _notEmitted++;
                return;
            }

            if (next < end && time.GetElapsedTime(start).TotalSeconds >= giveUp)
            {
                // A timed run ends, however far behind: say how much of the schedule was never emitted.
                for (; next < end; next = NextArrival()) _notEmitted++;
                return;
            }

            if (now >= end || next >= end) return;

            var sleep = TimeSpan.FromSeconds(next - time.GetElapsedTime(start).TotalSeconds);
            try
            {
                await Task.Delay(sleep < MinimumSleep ? MinimumSleep : sleep, time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One arrival: a request through the call graph (a root, by the traces' share), else one entry in a trace of its own.</summary>
    private int EmitArrival(LogEntry[] chunk, int at, double seconds, DateTimeOffset startWall)
    {
        if (_requests is not null && sequence.Requests.NextDouble() < traces!.Config.Share)
        {
            var written = _requests.Walk(seconds, chunk, at);
            foreach (var entry in chunk.AsSpan(at, written))
            {
                if (entry.Service == Service.Name) _byLevel[(int)entry.Level]++;
                else traces!.Received(entry.Service, entry.Level);
            }
            return written;
        }

        var message = Draw(seconds);
        var timestamp = startWall.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        chunk[at] = new LogEntry(_ids.Next(timestamp), timestamp, Service.Name, message.Level, message, _traceIds.NextTraceId(), _traceIds.NextSpanId());
        _byLevel[(int)message.Level]++;
        return 1;
    }

    /// <summary>The message for an arrival at <paramref name="at"/> seconds: an incident's (in or around its window) or the service's own.</summary>
    private PoolMessage Draw(double at) => Incidents is null ? sequence.NextMessage() : Incidents.Draw(at, sequence);

    private double NextArrival() => timeline is null ? sequence.NextArrival() : timeline.ToReal(sequence.NextArrival());

    /// <param name="firstAt">The chunk's first (earliest) arrival, in seconds of the schedule: its lag is the chunk's.</param>
    private async ValueTask HandOverAsync(LogEntry[] chunk, int count, double firstAt, long start, List<Batch> sealedBatches, CancellationToken hardStop)
    {
        if (count == 0) return;
        // Lag at hand-off, per chunk: an emitter held up by a full queue hands its backlog over late, and each entry's lateness counts.
        RecordLag(time.GetElapsedTime(start).TotalSeconds - firstAt);
        batcher.Add(chunk.AsSpan(0, count), sealedBatches);
        foreach (var batch in sealedBatches)
        {
            await fanOut.PublishAsync(batch, hardStop).ConfigureAwait(false);
        }
        sealedBatches.Clear();
    }

    private void RecordLag(double seconds)
    {
        var ticks = (long)(seconds * TimeSpan.TicksPerSecond);
        if (ticks > _maxLagTicks) Volatile.Write(ref _maxLagTicks, ticks);
    }
}
