using System.Globalization;
using Emitter.Generator.Bench.Measurement;
using Microsoft.Extensions.Logging;
using ScottPlot;
using SkiaSharp;

namespace Emitter.Generator.Bench.Reporting;

/// <summary>
/// The bench at a glance, beside the summary as PNG and SVG: eight panels over the run's time
/// (latency p50 and p99, throughput and errors, write rate and backlog, recall and freshness),
/// the phases as shaded, named bands on each; one colour per store, one line style per mode,
/// both in every legend. A per-interval p99 is drawn only from at least
/// <see cref="MinSamplesForP99"/> queries: intervals are merged (their histograms added) until
/// they hold that many, and a window that cannot reach it within its phase is left out.
/// </summary>
public static class BenchChart
{
    public const int MinSamplesForP99 = 100;

    /// <summary>A median settles on fewer samples than a p99.</summary>
    public const int MinSamplesForP50 = 20;

    /// <summary>Freshness has a marker every few hundred ms, not hundreds: its median per window of this many.</summary>
    public const int MinMarkersForP50 = 10;

    internal const int PanelWidth = 800;
    internal const int PanelHeight = 380;
    private const int Columns = 2;

    private static readonly Color[] Palette =
    [
        Colors.Blue, Colors.OrangeRed, Colors.Green, Colors.Purple, Colors.DarkGoldenRod, Colors.Teal, Colors.Crimson, Colors.SaddleBrown, Colors.Magenta,
    ];

    /// <summary>run.json → run.png.</summary>
    public static string PathBeside(string summaryPath) => Path.ChangeExtension(summaryPath, ".png");

    /// <summary>run.json → run.svg.</summary>
    public static string SvgPathBeside(string summaryPath) => Path.ChangeExtension(summaryPath, ".svg");

    /// <summary>One panel: its title and how to draw it.</summary>
    public sealed record Panel(string Title, Action<Plot> Draw);

    /// <summary>Writes the PNG to <paramref name="path"/> and the SVG beside it.</summary>
    public static void Write(BenchSummary bench, string path, ILogger logger)
    {
        try
        {
            var panels = Panels(bench.Series, bench.Loop);
            File.WriteAllBytes(path, Png(panels));
            var svg = Path.ChangeExtension(path, ".svg");
            File.WriteAllText(svg, Svg(panels));
            logger.LogInformation("Bench chart written to {Path} and {Svg}", path, svg);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or DllNotFoundException or TypeInitializationException)
        {
            // The summary is the result; a chart that cannot be drawn (no native renderer, no disk) is a warning.
            logger.LogWarning("Bench chart {Path} could not be written: {Reason}", path, e.Message);
        }
    }

    /// <summary>Each panel as its own SVG document (the HTML report inlines them).</summary>
    public static IReadOnlyList<(string Title, string Svg)> PanelSvgs(BenchSeries series, string loop) =>
        [.. Panels(series, loop).Select(p => (p.Title, SvgOf(p)))];

    /// <summary>
    /// Skia's SVG canvas has no dash effects (it prints "Unsupported path effect" for each): lines
    /// go solid there, and the markers tell the modes apart.
    /// </summary>
    private static string SvgOf(Panel panel) => SvgOf(Render(panel));

    /// <summary>The plot as an SVG document of a panel's size, its lines solid (see above).</summary>
    internal static string SvgOf(Plot plot)
    {
        foreach (var line in plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>()) line.LinePattern = LinePattern.Solid;
        return plot.GetSvgXml(PanelWidth, PanelHeight);
    }

    /// <summary>The colour of the <paramref name="index"/>th store, the same in every chart.</summary>
    internal static Color ColorAt(int index) => Palette[Math.Max(0, index) % Palette.Length];

    public static IReadOnlyList<Panel> Panels(BenchSeries series, string loop)
    {
        var stores = series.Queries.Keys.Concat(series.Writes?.SelectMany(w => w.DeliveredPerSec.Keys) ?? []).Distinct(StringComparer.Ordinal).ToList();
        Color ColorOf(string store) => ColorAt(stores.IndexOf(store));
        var seconds = series.IntervalSecs <= 0 ? 1 : series.IntervalSecs;
        var latencyNote = loop == "open" ? "from the scheduled time" : "service time (closed loop)";

        return
        [
            new($"Query latency p50, ms (log; {latencyNote}; windows of >= {MinSamplesForP50} queries)", plot =>
                Lines(plot, series, ColorOf, Merged(series.Queries, series.Phases, MinSamplesForP50), w => w.P50Ms, log: true, empty: Few(MinSamplesForP50, "queries"))),
            new($"Query latency p99, ms (log; each point from >= {MinSamplesForP99} queries)", plot =>
                Lines(plot, series, ColorOf, Merged(series.Queries, series.Phases, MinSamplesForP99), w => w.P99Ms, log: true, empty: Few(MinSamplesForP99, "queries"))),
            new("Throughput: answered queries per second", plot =>
                Lines(plot, series, ColorOf, Each(series.Queries, s => (s.AtSecs, s.Count / seconds)), t => t.Value, log: false)),
            new("Errors: failed queries per second", plot =>
                Lines(plot, series, ColorOf, Each(series.Errors, s => (s.AtSecs, (double)s.Count / seconds)), t => t.Value, log: false,
                    empty: series.Errors is null ? "not recorded in this summary" : "no failed query")),
            new("Write rate: entries per second (emitted, and delivered per sink)", plot => Writes(plot, series, ColorOf, w => w.DeliveredPerSec, emitted: true)),
            new("Write backlog: entries emitted, not yet delivered, per sink", plot => Writes(plot, series, ColorOf, w => w.Backlog.ToDictionary(kv => kv.Key, kv => (double)kv.Value), emitted: false)),
            new("Recall@k of the planted needles (mean per interval)", plot =>
                Lines(plot, series, ColorOf, Each(series.Recall, s => (s.AtSecs, s.Mean)), t => t.Value, log: false,
                    empty: series.Recall is null ? "not recorded in this summary" : "no needle query")),
            new($"Freshness: marker written -> found, p50 ms (log; windows of >= {MinMarkersForP50} markers)", plot =>
                Lines(plot, series, ColorOf, Merged(series.Freshness, series.Phases, MinMarkersForP50), w => w.P50Ms, log: true, empty: Few(MinMarkersForP50, "found markers"))),
        ];
    }

    private static string Few(int minimum, string what) => $"no phase held {minimum} {what} in a row: not drawn";

    /// <summary>Every panel in a grid, one PNG.</summary>
    public static byte[] Png(IReadOnlyList<Panel> panels)
    {
        var rows = (panels.Count + Columns - 1) / Columns;
        using var surface = SKSurface.Create(new SKImageInfo(PanelWidth * Columns, PanelHeight * rows));
        surface.Canvas.Clear(SKColors.White);
        for (var i = 0; i < panels.Count; i++)
        {
            using var image = SKImage.FromEncodedData(Render(panels[i]).GetImageBytes(PanelWidth, PanelHeight, ImageFormat.Png));
            surface.Canvas.DrawImage(image, i % Columns * PanelWidth, i / Columns * PanelHeight);
        }
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Every panel in a grid, one SVG document (each panel a nested svg, its ids made unique).</summary>
    public static string Svg(IReadOnlyList<Panel> panels)
    {
        var rows = (panels.Count + Columns - 1) / Columns;
        var width = PanelWidth * Columns;
        var height = PanelHeight * rows;
        var svg = new System.Text.StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">"));
        for (var i = 0; i < panels.Count; i++)
        {
            var inner = SvgText.Unique(SvgText.WithoutProlog(SvgOf(panels[i])), $"p{i}-");
            svg.Append(SvgText.Place(inner, i % Columns * PanelWidth, i / Columns * PanelHeight));
        }
        return svg.Append("</svg>").ToString();
    }

    private static Plot Render(Panel panel)
    {
        var plot = new Plot();
        plot.Title(panel.Title, size: 14);
        plot.XLabel("seconds since the first phase began");
        panel.Draw(plot);
        return plot;
    }

    /// <summary>A series point: where, and the figure drawn.</summary>
    internal sealed record Window(double AtSecs, double P50Ms, double P99Ms);

    /// <summary>Adjacent intervals merged (histograms added) within a phase until each window holds <paramref name="minimum"/> samples.</summary>
    private static Dictionary<string, Dictionary<string, List<Window>>> Merged(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<SeriesSample>>> series, IReadOnlyList<PhaseBand> phases, int minimum) =>
        series.ToDictionary(s => s.Key, s => s.Value.ToDictionary(m => m.Key, m => Merge(m.Value, phases, minimum)));

    internal static List<Window> Merge(IReadOnlyList<SeriesSample> samples, IReadOnlyList<PhaseBand> phases, int minimum)
    {
        var windows = new List<Window>();
        LatencyHistogram? histogram = null;
        var (count, first, phase) = (0L, 0.0, -1);
        foreach (var sample in samples)
        {
            var at = PhaseOf(phases, sample.AtSecs);
            if (at != phase) (histogram, count, phase) = (null, 0, at); // a window does not cross a phase boundary
            if (sample.Histogram is null)
            {
                // An older summary without interval histograms: only intervals that hold enough on their own.
                if (sample.Count >= minimum) windows.Add(new Window(sample.AtSecs, sample.P50Ms, sample.P99Ms));
                continue;
            }
            if (histogram is null) (histogram, first) = (new LatencyHistogram(significantDigits: 2), sample.AtSecs);
            histogram.Add(LatencyHistogram.Decode(sample.Histogram));
            count += sample.Count;
            if (count < minimum) continue;
            var merged = histogram.Snapshot();
            windows.Add(new Window((first + sample.AtSecs) / 2, merged.P50Ms, merged.P99Ms));
            (histogram, count) = (null, 0);
        }
        return windows;
    }

    private static int PhaseOf(IReadOnlyList<PhaseBand> phases, double at)
    {
        for (var i = 0; i < phases.Count; i++)
        {
            if (at >= phases[i].StartSecs && at < phases[i].EndSecs) return i;
        }
        return phases.Count;
    }

    private static Dictionary<string, Dictionary<string, List<(double AtSecs, double Value)>>> Each<T>(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<T>>>? series, Func<T, (double, double)> point) =>
        series?.ToDictionary(s => s.Key, s => s.Value.ToDictionary(m => m.Key, m => m.Value.Select(point).ToList())) ?? [];

    private static void Lines<T>(Plot plot, BenchSeries series, Func<string, Color> colorOf,
        Dictionary<string, Dictionary<string, List<T>>> lines, Func<T, double> value, bool log, string empty = "not enough samples") where T : notnull
    {
        var points = lines.SelectMany(s => s.Value.SelectMany(m => m.Value.Select(p => (Point(p).AtSecs, value(p))))).ToList();
        Frame(plot, series, points.Select(p => p.Item2).ToList(), log, empty);
        foreach (var (store, modes) in lines)
        {
            foreach (var (mode, list) in modes)
            {
                if (list.Count == 0) continue;
                var xs = list.Select(p => Point(p).AtSecs).ToArray();
                var ys = list.Select(p => log ? Math.Log10(Math.Max(0.01, value(p))) : value(p)).ToArray();
                var line = plot.Add.Scatter(xs, ys, colorOf(store));
                line.LegendText = $"{store} {mode}";
                // The dash tells modes apart in the PNG; the marker also in the SVG, whose renderer draws no dashes.
                line.MarkerSize = 5;
                line.MarkerShape = MarkerOf(mode);
                line.LineWidth = 2;
                line.LinePattern = PatternOf(mode);
            }
        }
        Legend(plot);
    }

    /// <summary>Outside the data area, so it hides no line; none without lines (an empty legend breaks the layout).</summary>
    internal static void Legend(Plot plot)
    {
        if (!plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Any()) return;
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontSize = 11;
    }

    private static (double AtSecs, double Value) Point<T>(T point) => point switch
    {
        Window w => (w.AtSecs, w.P50Ms),
        ValueTuple<double, double> t => t,
        _ => throw new InvalidOperationException($"not a chart point: {point}"),
    };

    private static void Writes(Plot plot, BenchSeries series, Func<string, Color> colorOf, Func<WritePoint, IReadOnlyDictionary<string, double>> read, bool emitted)
    {
        var writes = series.Writes ?? [];
        var values = writes.SelectMany(w => read(w).Values).Concat(emitted ? writes.Select(w => w.EmittedPerSec) : []).ToList();
        Frame(plot, series, values, log: false, series.Writes is null ? "not recorded in this summary" : "no write sampled");
        if (writes.Count == 0) return;
        var xs = writes.Select(w => w.AtSecs).ToArray();
        if (emitted)
        {
            var line = plot.Add.Scatter(xs, writes.Select(w => w.EmittedPerSec).ToArray(), Colors.Black);
            line.LegendText = "emitted (services)";
            line.MarkerSize = 0;
            line.LineWidth = 1.5f;
            line.LinePattern = LinePattern.Dotted;
        }
        foreach (var sink in writes.SelectMany(w => read(w).Keys).Distinct(StringComparer.Ordinal))
        {
            var line = plot.Add.Scatter(xs, writes.Select(w => read(w).GetValueOrDefault(sink)).ToArray(), colorOf(sink));
            line.LegendText = emitted ? $"{sink} delivered" : $"{sink} backlog";
            line.MarkerSize = 0;
            line.LineWidth = 2;
        }
        Legend(plot);
    }

    /// <summary>Phase bands and names, the axis range, a log axis's labels, and a note when there is nothing to draw.</summary>
    private static void Frame(Plot plot, BenchSeries series, IReadOnlyList<double> values, bool log, string empty)
    {
        var phases = series.Phases;
        var end = phases.Count == 0 ? 1 : phases[^1].EndSecs;
        double bottom, top;
        if (log)
        {
            var positive = values.Where(v => v > 0).ToList();
            top = positive.Count == 0 ? 3 : Math.Log10(Math.Max(1, positive.Max())) + 0.5;
            bottom = positive.Count == 0 ? -1 : Math.Log10(Math.Max(0.01, positive.Min())) - 0.3;
            LogTicks(plot);
        }
        else
        {
            bottom = 0;
            top = values.Count == 0 ? 1 : Math.Max(values.Max() * 1.15, 1e-3);
        }
        for (var i = 0; i < phases.Count; i++)
        {
            var band = plot.Add.HorizontalSpan(phases[i].StartSecs, phases[i].EndSecs);
            band.FillStyle.Color = (i % 2 == 0 ? Colors.SteelBlue : Colors.DarkOrange).WithAlpha(0.08);
            band.LineStyle.Width = 0;
            var label = plot.Add.Text(phases[i].Name, (phases[i].StartSecs + phases[i].EndSecs) / 2, top);
            label.LabelFontSize = 12;
            label.LabelBold = true;
            label.LabelAlignment = Alignment.UpperCenter;
        }
        if (values.Count == 0)
        {
            var note = plot.Add.Text(empty, end / 2, (top + bottom) / 2);
            note.LabelFontSize = 14;
            note.LabelAlignment = Alignment.MiddleCenter;
        }
        plot.Axes.SetLimits(0, end, bottom, top);
    }

    /// <summary>The left axis labelled in ms for values drawn as log10(ms).</summary>
    internal static void LogTicks(Plot plot) =>
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = y => Math.Pow(10, y) is var ms && ms >= 1 ? ms.ToString("N0", CultureInfo.InvariantCulture) : ms.ToString("0.##", CultureInfo.InvariantCulture),
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
        };

    internal static MarkerShape MarkerOf(string mode) => mode switch
    {
        "keyword" => MarkerShape.FilledSquare,
        "hybrid" => MarkerShape.FilledTriangleUp,
        _ => MarkerShape.FilledCircle,
    };

    /// <summary>vector solid, keyword dashed, hybrid dotted.</summary>
    internal static LinePattern PatternOf(string mode) => mode switch
    {
        "keyword" => LinePattern.Dashed,
        "hybrid" => LinePattern.Dotted,
        _ => LinePattern.Solid,
    };
}
