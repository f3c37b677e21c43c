using Emitter.Generator.Bench.Capacity;
using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Configuration;

namespace Emitter.Tests.Bench.Capacity;

/// <summary>The search's decisions from its history alone, against stores whose verdict at each rate is known.</summary>
public class CapacitySearchTests
{
    private static readonly CapacitySettings Defaults = new(SloP99Ms: 50, MaxErrorRate: 0.01, StartQps: 10, MaxQps: 1000, StepSecs: 10, MaxSteps: 14);

    /// <summary>Runs the search against a verdict per rate: (p99, error rate) at that rate.</summary>
    private static CapacityResult Search(CapacitySettings settings, Func<double, (double P99Ms, double ErrorRate)> at)
    {
        var search = new CapacitySearch(settings);
        for (var qps = search.Next(); qps is { } rate; qps = search.Next())
        {
            Assert.True(search.Steps.Count < settings.MaxSteps, "more steps than max_steps");
            var (p99, errors) = at(rate);
            search.Record(search.Judge(rate, (long)(rate * settings.StepSecs), p99 / 2, p99, errors, false));
        }
        return search.Result();
    }

    /// <summary>A store whose p99 grows without bound as the rate nears <paramref name="capacity"/>: p99 = slo exactly at <paramref name="threshold"/>.</summary>
    private static (double, double) Queueing(double rate, double threshold, double capacity = 2000) =>
        rate >= capacity ? (5000, 0.5) : (50 * (capacity - threshold) / (capacity - rate), 0);

    [Theory]
    [InlineData(37)]
    [InlineData(100)]
    [InlineData(333)]
    [InlineData(640)]
    [InlineData(999)]
    public void The_search_ends_within_the_tolerance_below_a_known_threshold(double threshold)
    {
        var result = Search(Defaults, rate => Queueing(rate, threshold));

        TestContext.Current.SendDiagnosticMessage($"threshold {threshold}: found {result.MaxQpsAtSlo} in {result.Steps.Count} steps: {string.Join(" ", result.Steps.Select(s => $"{s.Qps}{(s.Passed ? "+" : "-")}"))}");
        Assert.InRange(result.MaxQpsAtSlo, threshold * (1 - CapacitySearch.Tolerance), threshold);
        Assert.Equal("slo", result.LimitedBy);
        Assert.True(result.P99Ms <= 50);
        // The ramp doubles from start_qps; the bisection then stays inside the bracket.
        Assert.Equal(10, result.Steps[0].Qps);
        var firstFail = result.Steps.First(s => !s.Passed).Qps;
        Assert.All(result.Steps.Where(s => s.Passed), s => Assert.True(s.Qps < firstFail));
    }

    [Fact]
    public void Steps_are_bounded_by_max_steps_and_the_answer_is_the_highest_passing_rate_so_far()
    {
        var settings = Defaults with { MaxSteps = 9 }; // seven ramp steps (640 fails), then two bisections
        var result = Search(settings, rate => Queueing(rate, 333));

        Assert.Equal(9, result.Steps.Count);
        Assert.Equal([10, 20, 40, 80, 160, 320, 640, 480], result.Steps.Take(8).Select(s => s.Qps));
        Assert.Equal(result.Steps.Where(s => s.Passed).Max(s => s.Qps), result.MaxQpsAtSlo);
        Assert.Equal("slo", result.LimitedBy);
    }

    [Fact]
    public void A_store_that_passes_every_step_is_limited_by_max_qps_after_a_step_at_max_qps()
    {
        var result = Search(Defaults, _ => (1, 0));

        Assert.Equal([10, 20, 40, 80, 160, 320, 640, 1000], result.Steps.Select(s => s.Qps));
        Assert.Equal(1000, result.MaxQpsAtSlo);
        Assert.Equal("max_qps", result.LimitedBy);
    }

    [Fact]
    public void Errors_above_the_rate_fail_a_step_whose_p99_passes_and_say_so()
    {
        var result = Search(Defaults, rate => (5, rate > 150 ? 0.02 : 0.001));

        Assert.Equal("errors", result.LimitedBy);
        Assert.InRange(result.MaxQpsAtSlo, 150 * (1 - CapacitySearch.Tolerance), 150);
        Assert.Equal(0.001, result.ErrorRate);
    }

    [Fact]
    public void When_even_the_first_step_fails_the_answer_is_zero_with_no_figures()
    {
        var result = Search(Defaults, _ => (80, 0));

        var step = Assert.Single(result.Steps);
        Assert.False(step.Passed);
        Assert.Equal((0, null, null, "slo"), (result.MaxQpsAtSlo, result.P99Ms, result.ErrorRate, result.LimitedBy));
    }

    [Fact]
    public void A_search_stopped_by_the_run_says_so_and_keeps_what_it_found()
    {
        var search = new CapacitySearch(Defaults);
        search.Record(search.Judge(10, 100, 1, 2, 0, false));

        var result = search.Result(stopped: true);
        Assert.Equal((10, "stopped"), (result.MaxQpsAtSlo, result.LimitedBy));
    }

    [Theory]
    [InlineData(10, 1000, 8)]
    [InlineData(10, 10, 1)]
    [InlineData(10, 20, 2)]
    [InlineData(10, 21, 3)]
    [InlineData(0.5, 100_000, 19)]
    public void The_ramp_takes_the_doublings_from_start_to_max(double start, double max, int steps)
    {
        Assert.Equal(steps, CapacitySettings.RampSteps(start, max));
        var result = Search(Defaults with { StartQps = start, MaxQps = max, MaxSteps = steps, StepSecs = 1000 }, _ => (1, 0));
        Assert.Equal(steps, result.Steps.Count);
        Assert.Equal(max, result.Steps[^1].Qps);
    }
}
