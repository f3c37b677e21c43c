using Emitter.Generator.Batching;
using Emitter.Generator.Bench;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Reporting;

namespace Emitter.Generator;

/// <summary>
/// A bench as a run plan: its phases set the duration and the rate, its pre-seed comes first,
/// its queries, markers and needles run beside the emitters, its last probes while the sinks
/// drain, and its results join the summary. Here at the root, with the rest of the composition,
/// since the bench is the read side and <see cref="RunSummary"/> already holds its summary.
/// </summary>
public sealed class BenchRunPlan(BenchRun bench) : IRunPlan
{
    public TimeSpan? Duration => bench.Duration;
    public IEmissionTimeline? Schedule => bench.Schedule;
    public EntryTally? Tally => bench.Tally;
    public Func<TimeSpan, string>? StatusLine => bench.StatusLine;
    public Task WritesDone => bench.WritesDone;

    public Task BeforeAsync(SinkFanOut fanOut, CancellationToken stop, CancellationToken hardStop) => bench.PrepareAsync(fanOut, stop, hardStop);

    public void Beside(long start, Batcher batcher, SinkFanOut fanOut, IReadOnlyList<ServiceEmitter> emitters, CancellationToken stop, CancellationToken hardStop) =>
        bench.Start(start, batcher, fanOut, emitters, stop, hardStop);

    public Task AfterAsync() => bench.CompleteAsync();

    public RunSummary Summarize(RunSummary summary) => summary with { Bench = bench.Summary() };
}
