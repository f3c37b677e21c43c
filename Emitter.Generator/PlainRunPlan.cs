using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Reporting;

namespace Emitter.Generator;

/// <summary>A run that only writes: run_duration_secs long (or until stopped), nothing before, beside or after the emitters.</summary>
public sealed class PlainRunPlan(EmitterConfig config) : IRunPlan
{
    public TimeSpan? Duration { get; } = config.RunDurationSecs > 0 ? TimeSpan.FromSeconds(config.RunDurationSecs) : null;
    public IEmissionTimeline? Schedule => null;
    public EntryTally? Tally => null;
    public Func<TimeSpan, string>? StatusLine => null;
    public Task WritesDone => Task.CompletedTask;

    public Task BeforeAsync(SinkFanOut fanOut, CancellationToken stop, CancellationToken hardStop) => Task.CompletedTask;

    public void Beside(long start, Batcher batcher, SinkFanOut fanOut, IReadOnlyList<ServiceEmitter> emitters, CancellationToken stop, CancellationToken hardStop)
    {
    }

    public Task AfterAsync() => Task.CompletedTask;

    public RunSummary Summarize(RunSummary summary) => summary;
}
