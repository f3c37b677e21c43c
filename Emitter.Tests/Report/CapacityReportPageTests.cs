using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Emitter.Generator;
using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Configuration;
using Emitter.Generator.Report;
using Emitter.Generator.Reporting;
using Emitter.Tests.Dashboard;
using Microsoft.Playwright;

namespace Emitter.Tests.Report;

/// <summary>
/// The report page's capacity: summaries that carry capacity searches, made with the summary's own
/// records and serializer (run A repeated twice through the repeat machinery, run B at four times
/// the write rate with one phase more), put in one page by <c>emitter report</c> and read back in
/// Chromium: the target, the tables, the charts and the changes against run A, each checked
/// against the summaries' JSON.
/// </summary>
public partial class CapacityReportPageTests
{
    private static readonly CapacitySettings Target = new(SloP99Ms: 50, MaxErrorRate: 0.01, StartQps: 10, MaxQps: 400, StepSecs: 5, MaxSteps: 12);

    [Fact]
    public async Task Capacity_tables_charts_and_their_change_between_runs_at_different_write_rates_show_in_Chromium()
    {
        var ct = TestContext.Current.CancellationToken;
        using var output = new TempConfig("");
        string Write(string name, RunSummary summary)
        {
            var path = Path.Combine(output.Directory, name);
            File.WriteAllText(path, summary.ToJson());
            return path;
        }

        // Run A at writes x0.5, twice: pgvector vector 100 then 110 qps (median 105, spread 10); qdrant keyword 60 and 64.
        var a1 = Write("slow.1.json", Run(0.5, new() { ["pgvector/vector"] = 100, ["pgvector/keyword"] = 50, ["qdrant/vector"] = 80, ["qdrant/keyword"] = 60 }));
        var a2 = Write("slow.2.json", Run(0.5, new() { ["pgvector/vector"] = 110, ["pgvector/keyword"] = 52, ["qdrant/vector"] = 84, ["qdrant/keyword"] = 64 }));
        var repeat = RepeatSummary.Of([(a1, File.ReadAllText(a1)), (a2, File.ReadAllText(a2))]);
        var first = Write("slow.json", SummaryMerger.Read(a1) with { Repeat = repeat });
        // Run B at writes x2: pgvector vector loses 40 %; qdrant keyword 61 is within run A's spread; qdrant vector fails its first step.
        var second = Write("fast.json", Run(2, new() { ["pgvector/vector"] = 63, ["pgvector/keyword"] = 30, ["qdrant/vector"] = 0, ["qdrant/keyword"] = 61 }, extraPhase: true));

        var page = Path.Combine(output.Directory, "compare.html");
        var stderr = new StringWriter();
        var exit = await GeneratorCommand.InvokeAsync(["report", first, second, "-o", page], Stream.Null, stderr, ct);
        Assert.True(exit == 0, stderr.ToString());
        var summaryA = JsonNode.Parse(await File.ReadAllTextAsync(first, ct))!;
        var summaryB = JsonNode.Parse(await File.ReadAllTextAsync(second, ct))!;

        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var tab = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        await tab.GotoAsync(new Uri(page).AbsoluteUri);

        // The target each run searched against, in the runs table.
        Assert.Equal(["p99 <= 50 ms, errors <= 1%; 10 to 400 qps, 5 s steps", "p99 <= 50 ms, errors <= 1%; 10 to 400 qps, 5 s steps"],
            await tab.Locator("table.runs td.capacity-target").AllInnerTextsAsync());

        // Phases matched by name; the phase only run B has says so.
        Assert.Equal(["quiet", "busy", "burst"], await tab.Locator("section.phase").EvaluateAllAsync<string[]>("s => s.map(e => e.dataset.phase)"));
        Assert.Contains("Not in run A", await tab.Locator("section.phase[data-phase=burst] p.note").InnerTextAsync());
        Assert.Equal(0, await tab.Locator("section.phase[data-phase=quiet] p.note").CountAsync());

        var busy = tab.Locator("section.phase[data-phase=busy]");
        var table = busy.Locator("table.capacity");
        Assert.Equal(["pgvector", "qdrant"], await table.Locator("tr").First.Locator("th[colspan]").AllInnerTextsAsync());
        Assert.Equal(["vector", "keyword", "vector", "keyword"], await table.Locator("tr").Nth(1).Locator("th").AllInnerTextsAsync());
        // Capacity is in its own table, not repeated among the query figures.
        Assert.Equal(0, await busy.Locator("table.figures tr[data-figure^='capacity.']").CountAsync());

        // Column order: pgvector vector, pgvector keyword, qdrant vector, qdrant keyword (after the row's label cells).
        async Task<string[]> Cells(string figure, int run) =>
            [.. (await table.Locator($"tr[data-figure='{figure}'][data-run='{run}'] td").AllInnerTextsAsync()).TakeLast(4)];
        var columns = new[] { ("pgvector", "vector"), ("pgvector", "keyword"), ("qdrant", "vector"), ("qdrant", "keyword") };

        // Run A: each figure the median of the repeat's spread, as the summary holds it, with [min - max].
        var maxA = await Cells("capacity.max_qps_at_slo", 0);
        for (var c = 0; c < 4; c++)
        {
            var spread = summaryA["repeat"]!["figures"]![$"phases/busy/capacity/{columns[c].Item1}/{columns[c].Item2}/max_qps_at_slo"]!;
            Assert.Equal(spread["median"]!.GetValue<double>(), Leading(maxA[c]));
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"[{spread["min"]!.GetValue<double>():N0} - {spread["max"]!.GetValue<double>():N0}]"), maxA[c]);
        }
        Assert.StartsWith("105", maxA[0]);

        // Run B: its own figures from its summary, and the change against run A.
        var capacityB = summaryB["bench"]!["phases"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "busy")!["capacity"]!;
        var maxB = await Cells("capacity.max_qps_at_slo", 1);
        var p99B = await Cells("capacity.p99_ms", 1);
        var errorsB = await Cells("capacity.error_rate", 1);
        var limitedB = await Cells("capacity.limited_by", 1);
        var stepsB = await Cells("capacity.steps", 1);
        for (var c = 0; c < 4; c++)
        {
            var result = capacityB[columns[c].Item1]![columns[c].Item2]!;
            Assert.Equal(result["max_qps_at_slo"]!.GetValue<double>(), Leading(maxB[c]));
            if (result["p99_ms"] is { } p99) Assert.Equal(Math.Round(p99.GetValue<double>(), 2), Leading(p99B[c]));
            else Assert.Equal("-", p99B[c]);
            if (result["error_rate"] is { } errors) Assert.Equal(Math.Round(errors.GetValue<double>() * 100, 2), Leading(errorsB[c]));
            else Assert.Equal("-", errorsB[c]);
            Assert.Equal(result["limited_by"]!.GetValue<string>(), limitedB[c]);
            var steps = result["steps"]!.AsArray();
            Assert.StartsWith($"{steps.Count}:", stepsB[c]);
            // Every rate tried, in order, each marked passed or failed as its step says.
            Assert.Equal(steps.Select(s => s!["qps"]!.GetValue<double>()), StepRates().Matches(stepsB[c]).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));
            var marks = await table.Locator($"tr[data-figure='capacity.steps'][data-run='1'] td.steps").Nth(c).Locator("span").EvaluateAllAsync<string[]>("s => s.map(e => e.className)");
            Assert.Equal(steps.Select(s => s!["passed"]!.GetValue<bool>() ? "pass" : "fail"), marks);
        }
        Assert.Equal("errors", limitedB[2]);

        // The change: pgvector vector 105 -> 63 is -40 %, beyond run A's spread (worse); qdrant keyword 61 within 60-64: noise.
        var changes = table.Locator("tr[data-figure='capacity.max_qps_at_slo'][data-run='1'] td .change");
        Assert.Equal("-40%", await changes.Nth(0).InnerTextAsync());
        Assert.Equal("change worse", await changes.Nth(0).GetAttributeAsync("class"));
        Assert.Contains("noise", await changes.Nth(3).InnerTextAsync());
        Assert.Equal("change noise", await changes.Nth(3).GetAttributeAsync("class"));
        // Each phase compares with its namesake: quiet (writes x0) changes less than busy.
        Assert.NotEqual("-40%", await tab.Locator("section.phase[data-phase=quiet] table.capacity tr[data-figure='capacity.max_qps_at_slo'][data-run='1'] td .change").First.InnerTextAsync());

        // A capacity chart per run in the phase: every store and mode in its legend, the SLO drawn, pass and fail told apart.
        var charts = busy.Locator("figure.capacity-chart");
        Assert.Equal(2, await charts.CountAsync());
        foreach (var svgText in await charts.Locator("svg").EvaluateAllAsync<string[]>("ss => ss.map(s => s.textContent)"))
        {
            foreach (var (store, mode) in columns) Assert.Contains($"{store} {mode}", svgText);
            Assert.Contains("SLO: p99 <= 50 ms", svgText);
            Assert.Contains("filled: step passed", svgText);
            Assert.Contains("open: step failed", svgText);
        }
        Assert.Equal(1, await tab.Locator("section.phase[data-phase=burst] figure.capacity-chart").CountAsync());
        var box = await charts.First.Locator("svg").BoundingBoxAsync();
        Assert.True(box is { Width: > 300, Height: > 150 }, "the capacity chart is laid out at a readable size");

        await busy.Locator("div.capacity-search").ScreenshotAsync(new LocatorScreenshotOptions { Path = Browser.ArtifactPath("bench-report-capacity.png") });
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"busy max_qps_at_slo, run A: {string.Join(" | ", maxA)}; run B: {string.Join(" | ", maxB)}; steps B: {string.Join(" | ", stepsB)}");
    }

    [Fact]
    public void A_summary_with_capacity_steps_missing_or_mangled_still_renders_saying_what_could_not_be_read()
    {
        var json = JsonNode.Parse(Run(1, new() { ["pgvector/vector"] = 40, ["pgvector/keyword"] = 20 }).ToJson())!;
        var phases = json["bench"]!["phases"]!.AsArray();
        phases[0]!["capacity"]!["pgvector"]!["vector"]!.AsObject().Remove("steps");
        phases[1]!["capacity"]!["pgvector"]!["keyword"]!["steps"] = "ten, then twenty";

        var html = HtmlReport.Render([new HtmlReport.Run("mangled.json", json)]);

        // quiet: the cell without steps shows "-" and the chart draws the other cell; busy: the steps cannot be read, and the page says so.
        Assert.Equal(2, Regex.Count(html, "<table class=\"capacity\">"));
        Assert.Equal(1, Regex.Count(html, "<figure class=\"chart capacity-chart\"[^>]*><svg"));
        Assert.Contains("The capacity steps could not be read", html);
        Assert.Contains("<td class=\"label\">ten, then twenty</td>", html);
    }

    /// <summary>The number a cell starts with ("105 [100 - 110]", "0.4%", "1,234").</summary>
    private static double Leading(string cell) => double.Parse(LeadingNumber().Match(cell).Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^-?[0-9][0-9,]*(\.[0-9]+)?")]
    private static partial Regex LeadingNumber();

    [GeneratedRegex(@"([0-9]+(?:\.[0-9]+)?)\s*[✓✗]")]
    private static partial Regex StepRates();

    /// <summary>
    /// A bench summary whose busy phase (at <paramref name="writeRate"/>) found the given capacities (0: no step passed);
    /// quiet (no writes) found about 150 qps whatever the write rate of busy.
    /// </summary>
    private static RunSummary Run(double writeRate, Dictionary<string, double> busy, bool extraPhase = false)
    {
        var phases = new List<PhaseSummary>
        {
            Phase("quiet", 0, busy.ToDictionary(kv => kv.Key, kv => kv.Value == 0 ? 40 : 150 + kv.Value / 10)),
            Phase("busy", writeRate, busy),
        };
        if (extraPhase) phases.Add(Phase("burst", writeRate * 2, busy.ToDictionary(kv => kv.Key, kv => kv.Value / 2)));
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, T>> Cells<T>(Func<T> value) =>
            busy.Keys.GroupBy(k => k.Split('/')[0]).ToDictionary(s => s.Key, s => (IReadOnlyDictionary<string, T>)s.ToDictionary(k => k.Split('/')[1], _ => value()));
        var bench = new BenchSummary("open", 10, 20, 1000, new PreseedSummary(10_000, 2, 5000, null), new BenchEntries(10_000, 3, 20), [], phases,
            Cells(() => new FreshnessSummary(20, 20, 0, 300, 800, 900)), new Dictionary<string, IReadOnlyDictionary<string, object>>(),
            new BenchSeries(1, [.. phases.Select((p, i) => new PhaseBand(p.Name, i * 30, (i + 1) * 30))],
                Cells<IReadOnlyList<SeriesSample>>(() => []), Cells<IReadOnlyList<SeriesSample>>(() => [])))
        {
            Capacity = Target,
        };
        return new RunSummary(1000, 90, 100 * writeRate, 100 * writeRate, 0, 42, "none", new Dictionary<string, long>(), new Dictionary<string, long>(),
            new Dictionary<string, ServiceSummary>(), new Dictionary<string, SinkSummary>(), Bench: bench);
    }

    private static PhaseSummary Phase(string name, double writeRate, Dictionary<string, double> capacities)
    {
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, T>> Cells<T>(Func<string, T> value) =>
            capacities.Keys.GroupBy(k => k.Split('/')[0]).ToDictionary(s => s.Key, s => (IReadOnlyDictionary<string, T>)s.ToDictionary(k => k.Split('/')[1], value));
        return new PhaseSummary(name, 30, writeRate, new PhaseWrites((long)(3000 * writeRate), 30, new Dictionary<string, long> { ["pgvector"] = (long)(3000 * writeRate) }),
            Cells(_ => new QuerySummary(600, new QueryErrors(0, 0, 0, 0, 0, new Dictionary<string, string>()), 20, 4, 8, 10, 20, 40, 4, 20, 0.1, [], null, null)),
            Cells(_ => new FreshnessSummary(10, 10, 0, 300, 800, 900)))
        {
            Capacity = Cells(key => Search(capacities[key])),
        };
    }

    /// <summary>
    /// The steps a search would take against a store that holds <paramref name="capacity"/> qps at the target: doubling from
    /// start_qps until a step fails, then two halvings of the gap. p99 grows with the load; past the capacity it breaks the SLO.
    /// With capacity 0 the first step fails on errors.
    /// </summary>
    private static CapacityResult Search(double capacity)
    {
        var steps = new List<CapacityStep>();
        CapacityStep Step(double qps)
        {
            var passed = qps <= capacity;
            var p99 = passed ? Math.Round(Target.SloP99Ms * (0.3 + 0.6 * qps / capacity), 2) : Math.Round(Target.SloP99Ms * (1.2 + qps / Math.Max(capacity, 1)), 2);
            var errors = capacity == 0 ? 0.25 : passed ? Math.Round(0.001 * qps / capacity, 5) : 0.02;
            var step = new CapacityStep(qps, (long)(qps * Target.StepSecs), Math.Round(p99 / 4, 2), p99, errors, passed, P99Censored: capacity == 0);
            steps.Add(step);
            return step;
        }
        if (capacity == 0)
        {
            Step(Target.StartQps);
            return new CapacityResult(0, null, null, "errors", steps);
        }
        var (pass, fail) = (0.0, 0.0);
        for (var qps = Target.StartQps; fail == 0; qps *= 2)
        {
            if (Step(qps).Passed) pass = qps;
            else fail = qps;
        }
        for (var i = 0; i < 2; i++)
        {
            var middle = Math.Round((pass + fail) / 2);
            if (Step(middle).Passed) pass = middle;
            else fail = middle;
        }
        // The probe rates above are the store's own capacity only when a step lands on it: the last step tries it.
        if (pass < capacity && Step(capacity).Passed) pass = capacity;
        var best = steps.Last(s => s.Qps == pass);
        return new CapacityResult(pass, best.P99Ms, best.ErrorRate, "slo", steps);
    }
}
