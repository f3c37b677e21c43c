using Microsoft.Extensions.Logging;
using ScottPlot;

namespace Emitter.Generator.Bench.Reporting;

/// <summary>
/// The bench at a glance, a PNG beside the summary: query latency (p50 solid, p99 dashed) per
/// store and mode over time on a log scale, and below it write-to-searchable freshness, with the
/// phases as shaded, named bands on both.
/// </summary>
public static class BenchChart
{
    private const int Width = 1600;
    private const int Height = 1000;

    private static readonly Color[] Palette =
    [
        Colors.Blue, Colors.OrangeRed, Colors.Green, Colors.Purple, Colors.DarkGoldenRod, Colors.Teal, Colors.Crimson, Colors.SaddleBrown, Colors.Magenta,
    ];

    /// <summary>run.json → run.png.</summary>
    public static string PathBeside(string summaryPath) => Path.ChangeExtension(summaryPath, ".png");

    public static void Write(BenchSummary bench, string path, ILogger logger)
    {
        try
        {
            var multiplot = new Multiplot();
            multiplot.AddPlots(2);
            var end = bench.Series.Phases.Count == 0 ? 1 : bench.Series.Phases[^1].EndSecs;
            Draw(multiplot.GetPlot(0), bench.Series.Queries, bench.Series.Phases, end,
                $"Query latency per store and mode ({(bench.Loop == "open" ? "open loop: from the scheduled time" : "closed loop: service time")}), p50 solid, p99 dashed",
                (_, _) => "");
            Draw(multiplot.GetPlot(1), bench.Series.Freshness, bench.Series.Phases, end,
                "Freshness: marker written → found by a search, p50 solid, p99 dashed (by when the marker was written)",
                (store, mode) => bench.Freshness[store][mode] is { Missing: > 0 } f ? $" ({f.Missing} of {f.Markers} missing)" : "");
            multiplot.SavePng(path, Width, Height);
            logger.LogInformation("Bench chart written to {Path}", path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or DllNotFoundException or TypeInitializationException)
        {
            // The summary is the result; a chart that cannot be drawn (no native renderer, no disk) is a warning.
            logger.LogWarning("Bench chart {Path} could not be written: {Reason}", path, e.Message);
        }
    }

    private static void Draw(Plot plot, IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<SeriesSample>>> series,
        IReadOnlyList<PhaseBand> phases, double end, string title, Func<string, string, string> note)
    {
        plot.Title(title, size: 16);
        plot.XLabel("seconds since the first phase began");
        plot.YLabel("milliseconds (log scale)");

        var all = series.Values.SelectMany(m => m.Values).SelectMany(s => s).ToList();
        var top = all.Count == 0 ? 1 : Math.Log10(Math.Max(1, all.Max(s => Math.Max(s.P99Ms, s.P50Ms)))) + 0.6;
        var bottom = all.Count == 0 ? -1 : Math.Log10(Math.Max(0.01, all.Min(s => Math.Min(s.P50Ms, s.P99Ms)))) - 0.3;
        for (var i = 0; i < phases.Count; i++)
        {
            var band = plot.Add.HorizontalSpan(phases[i].StartSecs, phases[i].EndSecs);
            band.FillStyle.Color = (i % 2 == 0 ? Colors.SteelBlue : Colors.DarkOrange).WithAlpha(0.08);
            band.LineStyle.Width = 0;
            var label = plot.Add.Text(phases[i].Name, (phases[i].StartSecs + phases[i].EndSecs) / 2, top - 0.05);
            label.LabelFontSize = 15;
            label.LabelBold = true;
            label.LabelAlignment = Alignment.UpperCenter;
        }

        var colour = 0;
        foreach (var (store, modes) in series)
        {
            foreach (var (mode, samples) in modes)
            {
                var color = Palette[colour++ % Palette.Length];
                if (samples.Count == 0) continue;
                var xs = samples.Select(s => s.AtSecs).ToArray();
                var p50 = plot.Add.Scatter(xs, samples.Select(s => Math.Log10(Math.Max(0.01, s.P50Ms))).ToArray(), color);
                p50.LegendText = $"{store} {mode} p50{note(store, mode)}";
                p50.MarkerSize = 0;
                p50.LineWidth = 2;
                var p99 = plot.Add.Scatter(xs, samples.Select(s => Math.Log10(Math.Max(0.01, s.P99Ms))).ToArray(), color);
                p99.LegendText = $"{store} {mode} p99";
                p99.MarkerSize = 0;
                p99.LineWidth = 2;
                p99.LinePattern = LinePattern.Dashed;
            }
        }

        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = y => Math.Pow(10, y) is var ms && ms >= 1 ? $"{ms:N0}" : $"{ms:0.##}",
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
        };
        plot.Axes.SetLimits(0, end, bottom, top);
        // Outside the data area, so it hides neither the last phase's name nor its lines.
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontSize = 13;
    }
}
