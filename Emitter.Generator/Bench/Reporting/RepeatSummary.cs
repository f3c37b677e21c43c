using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Emitter.Generator.Bench.Reporting;

/// <summary>
/// <c>--repeat N</c>: every bench figure's median, min and max over the runs, keyed by its place
/// in the summary ("phases/heavy/queries/pgvector/vector/p99_ms"). Read from the runs' JSON, so
/// any numeric figure a summary holds is spread, whoever added it.
/// </summary>
public sealed record RepeatSummary(int Runs, IReadOnlyList<string> Files, IReadOnlyDictionary<string, Spread> Figures)
{
    public static RepeatSummary Of(IReadOnlyList<(string Path, string Json)> runs)
    {
        var values = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var (_, json) in runs)
        {
            foreach (var (key, value) in FiguresOf(JsonNode.Parse(json)))
            {
                if (!values.TryGetValue(key, out var list)) values[key] = list = [];
                list.Add(value);
            }
        }
        return new RepeatSummary(runs.Count, [.. runs.Select(r => Path.GetFileName(r.Path))],
            values.Where(kv => kv.Value.Count == runs.Count).ToDictionary(kv => kv.Key, kv => Spread.Of(kv.Value), StringComparer.Ordinal));
    }

    /// <summary>Each numeric figure under bench.phases, by phase name and path; histograms and series are not figures.</summary>
    public static IEnumerable<(string Key, double Value)> FiguresOf(JsonNode? summary)
    {
        if (summary?["bench"]?["phases"] is not JsonArray phases) yield break;
        foreach (var phase in phases.OfType<JsonObject>())
        {
            var name = phase["name"]?.GetValue<string>() ?? "?";
            foreach (var (member, node) in phase)
            {
                if (member is "name" or "histograms") continue;
                foreach (var leaf in Leaves(node, $"phases/{name}/{member}")) yield return leaf;
            }
        }
    }

    private static IEnumerable<(string, double)> Leaves(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                    foreach (var leaf in Leaves(child, $"{path}/{key}")) yield return leaf;
                break;
            case JsonValue v when v.TryGetValue<double>(out var d):
                yield return (path, d);
                break;
        }
    }

    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"Repeat: {Runs} runs ({string.Join(", ", Files)}); median [min - max] of each figure:");
        foreach (var (key, spread) in Figures.Where(kv => kv.Key.Contains("/queries/", StringComparison.Ordinal)))
            text.AppendLine(c, $"  {key}: {spread}");
        return text.ToString();
    }
}

public sealed record Spread(double Median, double Min, double Max)
{
    public double Width => Max - Min;

    public static Spread Of(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(Math.Round(median, 4), sorted[0], sorted[^1]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Median:0.###} [{Min:0.###} - {Max:0.###}]");
}
