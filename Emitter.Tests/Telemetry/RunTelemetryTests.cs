using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Emitter.Generator;
using Emitter.Generator.Configuration;
using Emitter.Generator.Telemetry;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Telemetry;

public class RunTelemetryTests
{
    [Fact]
    public async Task Counters_spans_and_write_durations_follow_the_run()
    {
        // Unique names: other tests run pipelines in parallel and publish under the same meter.
        var sinkName = $"rec-{Guid.NewGuid():N}";
        var serviceName = $"api-{Guid.NewGuid():N}";
        var observed = new ConcurrentDictionary<string, long>();
        var writeDurations = 0;
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == EmitterDiagnostics.Name) listener.EnableMeasurementEvents(instrument);
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (Tag(tags, "sink") == sinkName || Tag(tags, "service") == serviceName)
                observed[$"{instrument.Name}/{(Tag(tags, "sink") == sinkName ? "sink" : "")}{Tag(tags, "level")}"] = value;
        });
        meters.SetMeasurementEventCallback<double>((instrument, _, tags, _) =>
        {
            if (instrument.Name == "emitter.sink.write.duration" && Tag(tags, "sink") == sinkName) Interlocked.Increment(ref writeDurations);
        });
        meters.Start();

        var spans = 0;
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EmitterDiagnostics.Name,
            Sample = (ref _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => { if (activity.GetTagItem("emitter.sink") as string == sinkName) Interlocked.Increment(ref spans); },
        };
        ActivitySource.AddActivityListener(activities);

        var time = new FakeTimeProvider();
        var sink = new RecordingSink(sinkName, time);
        var started = time.GetTimestamp();
        var snapshot = new Dictionary<string, long>();
        var summary = await FakeClockRun.RunAsync(
            FakeClockRun.Config(3, new ServiceConfig(serviceName, 1000, [0, 1, 0, 1], ArrivalProcess.Uniform)), TestPools.Small(), 1,
            [(sink, FakeClockRun.SinkConfig(sinkName))], time,
            stopWhen: t =>
            {
                // Observe mid-run, as an exporter would: the totals grow and never exceed the final ones.
                if (t.GetElapsedTime(started) < TimeSpan.FromSeconds(2) || snapshot.Count > 0) return false;
                observed.Clear();
                meters.RecordObservableInstruments();
                foreach (var (key, value) in observed) snapshot[key] = value;
                return false;
            });

        Assert.True(snapshot["emitter.entries.emitted/INFO"] + snapshot["emitter.entries.emitted/ERROR"] is > 0 and var seen && seen <= summary.Emitted);
        Assert.Equal(0, snapshot["emitter.entries.emitted/DEBUG"]);
        Assert.InRange(snapshot["emitter.sink.entries.delivered/sink"], 1, summary.Sinks[sinkName].Delivered);
        Assert.Equal(summary.Sinks[sinkName].Batches, spans);
        Assert.Equal(summary.Sinks[sinkName].Batches, writeDurations);
    }

    private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags) if (tag.Key == name) return tag.Value as string ?? "";
        return "";
    }
}
