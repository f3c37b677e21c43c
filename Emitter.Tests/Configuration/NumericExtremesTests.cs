using Emitter.Tests.Cli;
using Emitter.Tests.Fakes;

namespace Emitter.Tests.Configuration;

/// <summary>
/// Issue 21, point 4: a number beyond what memory and timers allow is refused in one line naming
/// the key, before any sink connects (it was found only after the sinks' setup, then the batcher
/// ran out of memory, or TimeSpan overflowed, with a stack trace).
/// </summary>
public class NumericExtremesTests
{
    [Theory]
    [InlineData("buffer_size: 2000000000\n", "", "buffer_size")]
    [InlineData("", "bench:\n  phases:\n    - {name: a, duration_secs: 1e20}\n", "bench.phases[0].duration_secs")]
    [InlineData("", "bench:\n  phases:\n    - {name: a, duration_secs: 5}\n  freshness: {max_wait_secs: 1e12}\n", "bench.freshness.max_wait_secs")]
    // A marker every millisecond, each probed for an hour: 3.6 million markers in flight.
    [InlineData("", "bench:\n  phases:\n    - {name: a, duration_secs: 5}\n  freshness: {interval_ms: 1, max_wait_secs: 3600}\n", "bench.freshness.interval_ms")]
    [InlineData("", "bench:\n  phases:\n    - {name: a, duration_secs: 5}\n  relevance: {needles: 10000, copies: 10000}\n", "bench.relevance.copies")]
    public async Task An_extreme_number_is_refused_before_any_sink_connects(string top, string bench, string key)
    {
        await using var store = new SilentServer(); // an Elasticsearch that would be set up (and never answer)
        var yaml = $"{top}sinks:\n  - type: elasticsearch\n    url: {store.Url}\nservices:\n  - name: api\n    rate_per_sec: 10\n{bench}";
        var run = GeneratorAppTests.RunAsync(yaml);
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
        Assert.True(finished == run, "the run did not end within 60 s");
        var (exit, _, errors) = await run;
        TestContext.Current.TestOutputHelper?.WriteLine($"exit {exit}: {errors.Trim()}");

        Assert.NotEqual(0, exit);
        Assert.False(store.FirstRequest.Task.IsCompleted, "the sink was contacted before the number was refused");
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(key, line);
        Assert.Contains("at most", line);
        Assert.DoesNotContain("   at ", errors);
    }
}
