using Emitter.Generator.Batching;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Reporting;

namespace Emitter.Generator;

/// <summary>
/// What a run does around its emitters, so <see cref="GeneratorRun"/> runs any of them the same way:
/// how long it lasts and at what rate, what it writes before emission starts, what runs beside
/// the emitters and after them (while the sinks drain), and what it adds to the tally and the
/// summary. A plain run does nothing around them (<see cref="PlainRunPlan"/>); a bench runs its
/// pre-seed, queries and probes (<see cref="BenchRunPlan"/>).
/// </summary>
public interface IRunPlan
{
    /// <summary>How long the emitters run; null: until stopped.</summary>
    TimeSpan? Duration { get; }

    /// <summary>The rate over time every service follows, ahead of its own shape; null: each service's own.</summary>
    IEmissionTimeline? Schedule { get; }

    /// <summary>Entries the plan writes itself (not the emitters'), counted into the summary's accounting; null: none.</summary>
    EntryTally? Tally { get; }

    /// <summary>A few words for the status line of the last <c>interval</c>; null: the line has nothing of the plan's.</summary>
    Func<TimeSpan, string>? StatusLine { get; }

    /// <summary>Before the first emitted entry, with the sinks' pipelines running.</summary>
    Task BeforeAsync(SinkFanOut fanOut, CancellationToken stop, CancellationToken hardStop);

    /// <summary>Starts what runs beside the emitters, from <paramref name="start"/> (a timestamp of the run's clock).</summary>
    void Beside(long start, Batcher batcher, SinkFanOut fanOut, IReadOnlyList<ServiceEmitter> emitters, CancellationToken stop, CancellationToken hardStop);

    /// <summary>Done when the plan writes no more entries of its own: the run may flush its last batch.</summary>
    Task WritesDone { get; }

    /// <summary>What runs after the emitters, while the sinks drain.</summary>
    Task AfterAsync();

    /// <summary>The run's summary with the plan's own results added.</summary>
    RunSummary Summarize(RunSummary summary);
}
