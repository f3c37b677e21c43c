using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Configuration;
using ScottPlot;

namespace Emitter.Generator.Report;

/// <summary>
/// A phase's capacity search as a chart: each store and mode's steps, offered rate on x, p99 on y
/// (log), the SLO as a line. A step that passed is a filled marker, one that failed an open one;
/// colour per store and marker (and, outside SVG, line style) per mode as in the bench's other
/// charts, all said in the legend.
/// </summary>
public static class CapacityChart
{
    public static string Svg(string phase, IReadOnlyDictionary<string, IReadOnlyDictionary<string, CapacityResult>> capacity, CapacitySettings? settings)
    {
        var plot = new Plot();
        plot.Title($"Capacity in {phase}: p99 per query-rate step (log ms){(settings is null ? "" : $", SLO {settings.SloP99Ms:0.##} ms")}", size: 14);
        plot.XLabel("offered queries per second (step rate)");
        plot.YLabel("p99 ms");

        var stores = capacity.Keys.ToList();
        var p99s = new List<double>();
        var rates = new List<double>();
        foreach (var (store, modes) in capacity)
        {
            var color = BenchChart.ColorAt(stores.IndexOf(store));
            foreach (var (mode, result) in modes)
            {
                // A summary edited by hand may lack steps: its other cells are still drawn.
                var steps = (result?.Steps ?? []).OfType<CapacityStep>().OrderBy(s => s.Qps).ToList();
                if (steps.Count == 0) continue;
                p99s.AddRange(steps.Select(s => s.P99Ms));
                rates.AddRange(steps.Select(s => s.Qps));
                var line = plot.Add.Scatter(steps.Select(s => s.Qps).ToArray(), steps.Select(s => Log(s.P99Ms)).ToArray(), color);
                line.MarkerSize = 0;
                line.LineWidth = 1.5f;
                line.LinePattern = BenchChart.PatternOf(mode);

                var legend = $"{store} {mode}";
                foreach (var passed in new[] { true, false })
                {
                    var marked = steps.Where(s => s.Passed == passed).ToList();
                    if (marked.Count == 0) continue;
                    var points = plot.Add.ScatterPoints(marked.Select(s => s.Qps).ToArray(), marked.Select(s => Log(s.P99Ms)).ToArray(), color);
                    points.MarkerShape = passed ? BenchChart.MarkerOf(mode) : Open(BenchChart.MarkerOf(mode));
                    points.MarkerSize = passed ? 7 : 9;
                    points.MarkerLineWidth = 1.5f;
                    // One legend entry per store and mode: its passing marker, or the failing one when none passed.
                    if (legend.Length > 0) (points.LegendText, legend) = (legend, "");
                }
            }
        }

        if (settings is not null)
        {
            p99s.Add(settings.SloP99Ms);
            var slo = plot.Add.HorizontalLine(Log(settings.SloP99Ms), 2, Colors.Red);
            slo.LegendText = $"SLO: p99 <= {settings.SloP99Ms:0.##} ms";
        }
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "filled: step passed", MarkerShape = MarkerShape.FilledCircle, MarkerSize = 7, MarkerColor = Colors.Gray, LineWidth = 0 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "open: step failed", MarkerShape = MarkerShape.OpenCircle, MarkerSize = 9, MarkerColor = Colors.Gray, MarkerLineWidth = 1.5f, LineWidth = 0 });

        BenchChart.LogTicks(plot);
        var positive = p99s.Where(v => v > 0).DefaultIfEmpty(1).ToList();
        plot.Axes.SetLimits(0, Math.Max(1, rates.DefaultIfEmpty(1).Max() * 1.1), Log(positive.Min()) - 0.3, Log(positive.Max()) + 0.3);
        if (rates.Count == 0)
        {
            var note = plot.Add.Text("no step was run", 0.5, 0);
            note.LabelAlignment = Alignment.MiddleCenter;
        }
        BenchChart.Legend(plot);
        return BenchChart.SvgOf(plot);
    }

    private static double Log(double ms) => Math.Log10(Math.Max(0.01, ms));

    private static MarkerShape Open(MarkerShape filled) => filled switch
    {
        MarkerShape.FilledSquare => MarkerShape.OpenSquare,
        MarkerShape.FilledTriangleUp => MarkerShape.OpenTriangleUp,
        _ => MarkerShape.OpenCircle,
    };
}
