using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Configuration;
using Emitter.Generator.Reporting;

namespace Emitter.Generator.Report;

/// <summary>
/// One self-contained HTML page for one or more bench summaries (<c>emitter report</c>): each
/// run's metadata and stores, per phase a table with the stores side by side, each run's charts
/// inline as SVG, and with several runs each figure's change against the first run, marked as
/// noise when it is smaller than the runs' own spread (from <c>--repeat</c>). Tables are read from
/// the JSON as it is, so figures added to the summary later show without a change here. A phase
/// with a capacity search also gets a capacity table (stores side by side) and a chart of its
/// steps per run. Runs are matched phase by phase by name: runs at different write rates compare
/// when their phases share names; a phase some run lacks shows "-" for it and says so.
/// </summary>
public static class HtmlReport
{
    /// <summary>Figures in this order first; any other numeric figure a cell holds follows.</summary>
    private static readonly string[] Order =
    [
        "count", "errors", "qps", "p50_ms", "p90_ms", "p95_ms", "p99_ms", "p999_ms", "max_ms", "ok_p50_ms", "ok_p99_ms",
        "recall_at_k", "recall_exact", "mrr",
    ];

    /// <summary>Figures where more is better; the rest (latencies, errors, missing markers) are better smaller.</summary>
    private static readonly string[] Higher = ["qps", "recall", "mrr", "found", "max_qps"];

    /// <summary>The capacity table's rows (the summary's <c>capacity.&lt;sink&gt;.&lt;mode&gt;</c>), in this order.</summary>
    private static readonly string[] CapacityRows = ["capacity.max_qps_at_slo", "capacity.p99_ms", "capacity.error_rate", "capacity.limited_by", "capacity.steps"];

    public sealed record Run(string Path, JsonNode Summary);

    /// <summary>Settings as written (quotes and operators unescaped); the page encodes them for HTML itself.</summary>
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Run Read(string path)
    {
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(path)) ?? throw new ConfigException($"{path}: not a run summary (null)");
            if (node["bench"] is not JsonObject) throw new ConfigException($"{path}: has no bench section: nothing to report (run with a config that has one)");
            return new Run(path, node);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: not a readable run summary ({e.Message.Split(Environment.NewLine)[0]})");
        }
    }

    public static string Render(IReadOnlyList<Run> runs)
    {
        var html = new StringBuilder();
        html.Append("""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Emitter bench report</title>
            <style>
            body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
            h1 { font-size: 1.5em; } h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
            table { border-collapse: collapse; margin: 0.6em 0; font-variant-numeric: tabular-nums; }
            th, td { border: 1px solid #ddd; padding: 2px 8px; text-align: right; vertical-align: top; }
            th { background: #f3f5f8; } td.label, th.label { text-align: left; }
            tr.run-first td { border-top: 2px solid #bbb; }
            .better { color: #11772e; } .worse { color: #b3261e; } .noise { color: #888; }
            .change { font-size: 0.85em; margin-left: 0.4em; } .spread { color: #666; font-size: 0.85em; }
            figure.chart { display: inline-block; margin: 0.4em; } figure.chart svg { max-width: 100%; height: auto; }
            .meta td { text-align: left; } code { font-size: 0.9em; }
            h3 { font-size: 1.05em; margin: 1em 0 0.2em; } td.steps { font-size: 0.85em; max-width: 22em; }
            .pass { color: #11772e; } .fail { color: #b3261e; } p.note { color: #7a4b00; }
            </style></head><body>
            <h1>Emitter bench report</h1>

            """);
        RunsTable(html, runs);
        StoresTable(html, runs);
        var names = PhaseNames(runs);
        for (var p = 0; p < names.Count; p++) PhaseTable(html, runs, names[p], p);
        Charts(html, runs);
        html.Append("<p class=\"spread\">Written by <code>emitter report</code>. A change is against the first run, phase by phase matched by name (a phase a run lacks shows -); marked <span class=\"noise\">noise</span> when smaller than the spread (max - min) of the repeated runs behind either figure.</p>\n");
        return html.Append("</body></html>\n").ToString();
    }

    private static void RunsTable(StringBuilder html, IReadOnlyList<Run> runs)
    {
        html.Append("<h2>Runs</h2>\n<table class=\"meta runs\"><tr><th class=\"label\">run</th><th class=\"label\">file</th><th class=\"label\">Emitter</th><th class=\"label\">machine</th><th class=\"label\">config</th><th class=\"label\">queries</th><th class=\"label\">pre-seed</th><th class=\"label\">capacity target</th><th class=\"label\">repeat</th></tr>\n");
        for (var i = 0; i < runs.Count; i++)
        {
            var s = runs[i].Summary;
            var bench = s["bench"]!;
            var emitter = s["emitter"] is JsonObject e ? $"{Text(e["version"])} {(Text(e["commit"]) is { Length: > 0 } commit ? commit[..Math.Min(12, commit.Length)] : "")}" : "-";
            var machine = s["machine"] is JsonObject m
                ? $"{Text(m["cores"])} cores, {Number(m["memory_bytes"]) / (1024.0 * 1024 * 1024):0.#} GiB, {Text(m["os"])}" : "-";
            var config = $"{(Text(s["config_hash"]) is { Length: > 0 } hash ? hash[..Math.Min(19, hash.Length)] : "-")}, seed {Text(s["seed"])}";
            var queries = $"{Text(bench["loop"])} loop, {Text(bench["query_rate_per_sec"])}/s per store and mode, top {Text(bench["top_k"])}";
            var preseed = bench["preseed"] is JsonObject p ? $"{Number(p["entries"]):N0} entries in {Number(p["secs"]):0.0} s" : "-";
            var capacity = bench["capacity"] is JsonObject c
                ? string.Create(CultureInfo.InvariantCulture, $"p99 <= {Number(c["slo_p99_ms"]):0.##} ms, errors <= {Number(c["max_error_rate"]) * 100:0.##}%; {Number(c["start_qps"]):0.##} to {Number(c["max_qps"]):0.##} qps, {Number(c["step_secs"]):0.##} s steps")
                : "-";
            var repeat = s["repeat"] is JsonObject r ? $"{Text(r["runs"])} runs: median [min - max]" : "1 run";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"label\">{Label(i)}</td><td class=\"label\">{E(Path.GetFileName(runs[i].Path))}</td><td class=\"label\">{E(emitter)}</td><td class=\"label\">{E(machine)}</td><td class=\"label\"><code>{E(config)}</code></td><td class=\"label\">{E(queries)}</td><td class=\"label\">{E(preseed)}</td><td class=\"label capacity-target\">{E(capacity)}</td><td class=\"label\">{E(repeat)}</td></tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void StoresTable(StringBuilder html, IReadOnlyList<Run> runs)
    {
        html.Append("<h2>Stores</h2>\n<table class=\"meta stores\"><tr><th class=\"label\">run</th><th class=\"label\">store</th><th class=\"label\">server</th><th class=\"label\">settings</th></tr>\n");
        for (var i = 0; i < runs.Count; i++)
        {
            var bench = runs[i].Summary["bench"]!;
            var described = bench["stores"] as JsonObject;
            var settings = bench["freshness_settings"] as JsonObject;
            foreach (var store in (described ?? settings ?? []).Select(kv => kv.Key))
            {
                var server = described?[store] is JsonObject d ? $"{Text(d["type"])} {Text(d["server_version"]) ?? Text(d["note"])}" : "-";
                var shown = described?[store]?["settings"] ?? settings?[store];
                html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"label\">{Label(i)}</td><td class=\"label\">{E(store)}</td><td class=\"label\">{E(server)}</td><td class=\"label\"><code>{E(shown?.ToJsonString(Readable) ?? "-")}</code></td></tr>\n");
            }
        }
        html.Append("</table>\n");
    }

    private static List<string> PhaseNames(IReadOnlyList<Run> runs) =>
        [.. runs.SelectMany(r => (r.Summary["bench"]!["phases"] as JsonArray ?? []).Select(p => Text(p?["name"]) ?? "?")).Distinct(StringComparer.Ordinal)];

    private static void PhaseTable(StringBuilder html, IReadOnlyList<Run> runs, string name, int index)
    {
        var phases = runs.Select(r => (r.Summary["bench"]!["phases"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(p => Text(p["name"]) == name)).ToList();
        html.Append(CultureInfo.InvariantCulture, $"<section class=\"phase\" data-phase=\"{E(name)}\"><h2>Phase {E(name)}</h2>\n<p>");
        for (var i = 0; i < runs.Count; i++)
        {
            if (phases[i] is not { } p) continue;
            var delivered = p["writes"]?["delivered"] is JsonObject d ? string.Join(", ", d.Select(kv => $"{kv.Key} {Number(kv.Value):N0}")) : "-";
            html.Append(CultureInfo.InvariantCulture, $"{Label(i)}: {Number(p["duration_secs"]):0.#} s, writes x{Number(p["write_rate"]):0.##} ({Number(p["writes"]?["emitted"]):N0} emitted; delivered {E(delivered)}). ");
        }
        html.Append("</p>\n");
        var lacking = Enumerable.Range(0, runs.Count).Where(i => phases[i] is null).Select(Label).ToList();
        if (lacking.Count > 0)
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">Not in {string.Join(", ", lacking)}: phases are matched by name, so its figures show - there{(phases[0] is null ? ", and with no phase in run A to compare against, no change is shown" : "")}.</p>\n");

        // Columns: every store and mode any run measured, stores side by side.
        var columns = Columns(phases, "queries");
        Table(html, runs, phases, name, columns, "figures", Rows(phases, columns), row => row);
        Capacity(html, runs, phases, name, index);
        html.Append("</section>\n");
    }

    private static List<(string Store, string Mode)> Columns(IReadOnlyList<JsonObject?> phases, string member) =>
        [.. phases.SelectMany(p => (p?[member] as JsonObject ?? []).SelectMany(s => (s.Value as JsonObject ?? []).Select(m => (Store: s.Key, Mode: m.Key)))).Distinct()];

    /// <summary>One table of figures: a row per figure (and per run), a column per store and mode, stores side by side.</summary>
    private static void Table(StringBuilder html, IReadOnlyList<Run> runs, IReadOnlyList<JsonObject?> phases, string name,
        IReadOnlyList<(string Store, string Mode)> columns, string css, IReadOnlyList<string> rows, Func<string, string> label)
    {
        html.Append(CultureInfo.InvariantCulture, $"<table class=\"{css}\"><tr><th class=\"label\" rowspan=\"2\">figure</th>");
        if (runs.Count > 1) html.Append("<th class=\"label\" rowspan=\"2\">run</th>");
        foreach (var store in columns.GroupBy(c => c.Store)) html.Append(CultureInfo.InvariantCulture, $"<th colspan=\"{store.Count()}\">{E(store.Key)}</th>");
        html.Append("</tr><tr>");
        foreach (var (_, mode) in columns) html.Append(CultureInfo.InvariantCulture, $"<th>{E(mode)}</th>");
        html.Append("</tr>\n");
        foreach (var row in rows)
        {
            for (var i = 0; i < runs.Count; i++)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr data-figure=\"{E(row)}\" data-run=\"{i}\"{(i == 0 ? " class=\"run-first\"" : "")}>");
                if (i == 0) html.Append(CultureInfo.InvariantCulture, $"<td class=\"label\" rowspan=\"{runs.Count}\">{E(label(row))}</td>");
                if (runs.Count > 1) html.Append(CultureInfo.InvariantCulture, $"<td class=\"label\">{Label(i)}</td>");
                foreach (var (store, mode) in columns) html.Append(Cell(runs, phases, i, name, row, store, mode));
                html.Append("</tr>\n");
            }
        }
        html.Append("</table>\n");
    }

    /// <summary>The phase's capacity searches: a table with the stores side by side, then each run's steps as a chart.</summary>
    private static void Capacity(StringBuilder html, IReadOnlyList<Run> runs, IReadOnlyList<JsonObject?> phases, string name, int index)
    {
        var columns = Columns(phases, "capacity");
        if (columns.Count == 0) return;
        html.Append("<div class=\"capacity-search\"><h3>Capacity</h3>\n<p class=\"spread\">max_qps_at_slo: the highest offered query rate whose step met the target (see the runs' capacity target), with the p99 and error rate measured at it; limited_by: what stopped the search; steps: each rate tried, in order, <span class=\"pass\">&#10003;</span> passed, <span class=\"fail\">&#10007;</span> failed.</p>\n");
        Table(html, runs, phases, name, columns, "capacity", CapacityRows, row => row["capacity.".Length..]);
        html.Append("<div class=\"capacity-charts\">");
        for (var i = 0; i < runs.Count; i++)
        {
            if (phases[i]?["capacity"] is not JsonObject capacity) continue;
            string body;
            try
            {
                var results = capacity.Deserialize<Dictionary<string, IReadOnlyDictionary<string, CapacityResult>>>(RunSummary.Json)!;
                var settings = runs[i].Summary["bench"]!["capacity"]?.Deserialize<CapacitySettings>(RunSummary.Json);
                body = SvgText.Unique(SvgText.WithoutProlog(CapacityChart.Svg(name, results, settings)), $"c{index}r{i}-");
            }
            catch (JsonException e)
            {
                body = $"<p>The capacity steps could not be read: {E(e.Message)}</p>";
            }
            html.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart capacity-chart\" data-run=\"{i}\">{body}<figcaption>{Label(i)}: capacity steps in {E(name)}{(runs[i].Summary["repeat"] is null ? "" : " (its first repeat's steps; the table shows the median)")}</figcaption></figure>\n");
        }
        html.Append("</div></div>\n");
    }

    /// <summary>Row names: queries' figures, then freshness's ("freshness.emit_to_visible.p99_ms"), as any run holds them (capacity has a table of its own).</summary>
    private static List<string> Rows(IReadOnlyList<JsonObject?> phases, IReadOnlyList<(string Store, string Mode)> columns)
    {
        var found = new List<string>();
        foreach (var phase in phases.OfType<JsonObject>())
        {
            foreach (var (store, mode) in columns)
            {
                found.AddRange(Leaves(phase["queries"]?[store]?[mode], "").Select(l => l.Key));
                found.AddRange(Leaves(phase["freshness"]?[store]?[mode], "freshness.").Select(l => l.Key));
            }
        }
        return [.. found.Distinct(StringComparer.Ordinal).OrderBy(Rank).ThenBy(k => k, StringComparer.Ordinal)];

        static int Rank(string key)
        {
            var group = key.StartsWith("freshness.", StringComparison.Ordinal) ? 1 : 0;
            var at = Array.IndexOf(Order, key.Split('.')[0]);
            return group * 1000 + (at < 0 ? 500 : at);
        }
    }

    private static string Cell(IReadOnlyList<Run> runs, IReadOnlyList<JsonObject?> phases, int run, string phase, string row, string store, string mode)
    {
        var value = Figure(phases[run], row, store, mode);
        if (value is null) return "<td>-</td>";
        if (value is JsonArray steps) return Steps(steps);
        if (value is not JsonValue v || !v.TryGetValue<double>(out var number)) return $"<td class=\"label\">{E(Text(value) ?? value.ToJsonString())}</td>";

        var key = Key(phase, row, store, mode);
        var spread = Spread(runs[run], key);
        var shown = spread?.Median ?? number;
        var text = new StringBuilder(Format(row, shown));
        if (spread is not null) text.Append(CultureInfo.InvariantCulture, $"<span class=\"spread\"> [{Format(row, spread.Min)} - {Format(row, spread.Max)}]</span>");
        if (run > 0 && Figure(phases[0], row, store, mode) is JsonValue f && f.TryGetValue<double>(out var firstNumber))
        {
            var first = Spread(runs[0], key)?.Median ?? firstNumber;
            var change = shown - first;
            var noise = Math.Max(spread?.Width ?? 0, Spread(runs[0], key)?.Width ?? 0);
            var better = Higher.Any(h => row.Contains(h, StringComparison.Ordinal)) == change > 0;
            var css = change == 0 ? "noise" : Math.Abs(change) < noise ? "noise" : better ? "better" : "worse";
            var relative = first != 0 ? string.Create(CultureInfo.InvariantCulture, $"{change / Math.Abs(first) * 100:+0.#;-0.#;0}%") : Format(row, change);
            text.Append(CultureInfo.InvariantCulture, $" <span class=\"change {css}\" title=\"against {Label(0)}\">{relative}{(css == "noise" && change != 0 ? " noise" : "")}</span>");
        }
        return $"<td>{text}</td>";
    }

    /// <summary>A capacity search's steps as tried: "4: 10 ✓ 20 ✓ 40 ✗ 30 ✓", each step's p99 and errors in its title.</summary>
    private static string Steps(JsonArray steps)
    {
        var shown = steps.OfType<JsonObject>().Select(s => (Qps: Number(s["qps"]), P99: Number(s["p99_ms"]), Errors: Number(s["error_rate"]),
            Passed: s["passed"] is JsonValue v && v.TryGetValue<bool>(out var b) && b, Censored: s["p99_censored"] is JsonValue c && c.TryGetValue<bool>(out var x) && x)).ToList();
        var title = string.Join("; ", shown.Select(s => string.Create(CultureInfo.InvariantCulture,
            $"{s.Qps:0.##} qps: p99 {(s.Censored ? ">=" : "")}{s.P99:0.##} ms, errors {s.Errors * 100:0.##}%, {(s.Passed ? "passed" : "failed")}")));
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{shown.Count}:"));
        foreach (var s in shown)
            text.Append(CultureInfo.InvariantCulture, $" <span class=\"{(s.Passed ? "pass" : "fail")}\">{s.Qps:0.##}&#160;{(s.Passed ? "&#10003;" : "&#10007;")}</span>");
        return $"<td class=\"label steps\" title=\"{E(title)}\">{text}</td>";
    }

    /// <summary>The figure's key in a summary's <c>repeat.figures</c> (<see cref="RepeatSummary.FiguresOf"/>).</summary>
    private static string Key(string phase, string row, string store, string mode)
    {
        var (member, path) = row.StartsWith("capacity.", StringComparison.Ordinal) ? ("capacity", row[9..])
            : row.StartsWith("freshness.", StringComparison.Ordinal) ? ("freshness", row[10..]) : ("queries", row);
        return $"phases/{phase}/{member}/{store}/{mode}/{path.Replace('.', '/')}";
    }

    private static Spread? Spread(Run run, string key) =>
        run.Summary["repeat"]?["figures"]?[key] is JsonObject s ? new Spread(Number(s["median"]), Number(s["min"]), Number(s["max"])) : null;

    private static JsonNode? Figure(JsonObject? phase, string row, string store, string mode)
    {
        var (member, path) = row.StartsWith("capacity.", StringComparison.Ordinal) ? ("capacity", row[9..])
            : row.StartsWith("freshness.", StringComparison.Ordinal) ? ("freshness", row[10..]) : ("queries", row);
        var node = phase?[member]?[store]?[mode];
        foreach (var part in path.Split('.')) node = node?[part];
        return node;
    }

    private static IEnumerable<(string Key, JsonNode Value)> Leaves(JsonNode? node, string prefix) => node switch
    {
        JsonObject o => o.SelectMany(kv => Leaves(kv.Value, prefix + kv.Key + ".")),
        JsonArray => [],
        null => [],
        _ => [(prefix.TrimEnd('.'), node)],
    };

    private static void Charts(StringBuilder html, IReadOnlyList<Run> runs)
    {
        for (var i = 0; i < runs.Count; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<section class=\"charts\"><h2>Charts: {Label(i)} ({E(Path.GetFileName(runs[i].Path))})</h2>\n");
            var series = runs[i].Summary["bench"]!["series"];
            BenchSeries? typed = null;
            try
            {
                typed = series?.Deserialize<BenchSeries>(RunSummary.Json);
            }
            catch (JsonException e)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p>The series could not be read: {E(e.Message)}</p>");
            }
            if (typed is not null)
            {
                var panels = BenchChart.PanelSvgs(typed, Text(runs[i].Summary["bench"]!["loop"]) ?? "open");
                for (var p = 0; p < panels.Count; p++)
                {
                    var svg = SvgText.Unique(SvgText.WithoutProlog(panels[p].Svg), $"r{i}p{p}-");
                    html.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart\">{svg}<figcaption>{E(panels[p].Title)}</figcaption></figure>\n");
                }
            }
            html.Append("</section>\n");
        }
    }

    private static string Format(string row, double value) =>
        row.EndsWith("error_rate", StringComparison.Ordinal) ? (value * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%"
        : row.EndsWith("_ms", StringComparison.Ordinal) || row.Contains("_ms.", StringComparison.Ordinal) ? value.ToString("0.##", CultureInfo.InvariantCulture)
        : value == Math.Floor(value) && Math.Abs(value) < 1e15 ? value.ToString("N0", CultureInfo.InvariantCulture)
        : value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Label(int run) => run < 26 ? $"run {(char)('A' + run)}" : $"run {run + 1}";

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    private static double Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : 0;

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
