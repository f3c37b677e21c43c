using Emitter.Generator;
using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Reporting;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Run;

/// <summary>GeneratorRun runs whatever plan it is given around its emitters, the way it runs a bench.</summary>
public class RunPlanTests
{
    [Fact]
    public async Task A_plan_sets_the_duration_runs_before_beside_and_after_the_emitters_and_its_entries_are_counted()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        var pool = TestPools.Small();
        var config = FakeClockRun.Config(durationSecs: 600, new ServiceConfig("api", 100, [0.25, 0.25, 0.25, 0.25], ArrivalProcess.Uniform));
        var sink = new RecordingSink("rec", time);
        var plan = new RecordingPlan(pool, time) { Duration = TimeSpan.FromSeconds(2) };

        var summary = await FakeClockRun.RunAsync(config, pool, 3, [(sink, FakeClockRun.SinkConfig("rec"))], time, plan: plan);

        Assert.Equal(["before", "beside", "after", "summarize"], plan.Calls);
        Assert.InRange(summary.DurationSecs, 2, 2.5); // the plan's 2 s, not the config's 600
        Assert.Equal(1, plan.EmittersBeside);
        Assert.Equal(RecordingPlan.Written, summary.ByService[RecordingPlan.Service]);
        Assert.Equal(summary.Emitted, summary.Sinks["rec"].Delivered); // the plan's entries are in the accounting
        Assert.Equal(summary.Emitted, sink.Entries.Count);
        Assert.Equal("planned", summary.Shard); // what Summarize added
    }

    [Fact]
    public async Task Without_a_plan_a_run_lasts_run_duration_secs_and_counts_only_its_emitters()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        var config = FakeClockRun.Config(durationSecs: 3, new ServiceConfig("api", 100, [0.25, 0.25, 0.25, 0.25], ArrivalProcess.Uniform));

        var summary = await FakeClockRun.RunAsync(config, TestPools.Small(), 3, [(new RecordingSink("rec", time), FakeClockRun.SinkConfig("rec"))], time);

        Assert.InRange(summary.DurationSecs, 3, 3.5);
        Assert.Equal(["api"], summary.ByService.Keys);
        Assert.Equal(summary.Services["api"].Emitted, summary.Emitted);
    }

    /// <summary>Writes <see cref="Written"/> entries of its own before the emitters start, and says when it was called.</summary>
    private sealed class RecordingPlan(MessagePool pool, TimeProvider time) : IRunPlan
    {
        public const string Service = "the-plan";
        public const int Written = 10;

        public List<string> Calls { get; } = [];
        public int EmittersBeside { get; private set; }
        public TimeSpan? Duration { get; init; }
        public IEmissionTimeline? Schedule => null;
        public EntryTally? Tally { get; } = new();
        public Func<TimeSpan, string>? StatusLine => null;
        public Task WritesDone => Task.CompletedTask;

        public async Task BeforeAsync(SinkFanOut fanOut, CancellationToken stop, CancellationToken hardStop)
        {
            Calls.Add("before");
            var entries = Enumerable.Range(0, Written)
                .Select(i => new LogEntry(Guid.NewGuid(), time.GetUtcNow(), Service, LogLevel.Info, pool.ForLevel(LogLevel.Info)[0]))
                .ToArray();
            foreach (var entry in entries) Tally!.Add(entry.Service, entry.Level);
            await fanOut.PublishAsync(new Batch(entries, entries.Length, 1_000_000, time.GetUtcNow()), hardStop);
        }

        public void Beside(long start, Batcher batcher, SinkFanOut fanOut, IReadOnlyList<ServiceEmitter> emitters, CancellationToken stop, CancellationToken hardStop)
        {
            Calls.Add("beside");
            EmittersBeside = emitters.Count;
        }

        public Task AfterAsync()
        {
            Calls.Add("after");
            return Task.CompletedTask;
        }

        public RunSummary Summarize(RunSummary summary)
        {
            Calls.Add("summarize");
            return summary with { Shard = "planned" };
        }
    }
}
