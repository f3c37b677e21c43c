using System.Globalization;
using System.Text.RegularExpressions;

namespace Emitter.Generator.Bench.Reporting;

/// <summary>
/// Putting several SVG documents into one (a chart grid, an HTML page): ids must be unique in a
/// document, or one chart's clip paths clip another's lines.
/// </summary>
public static partial class SvgText
{
    public static string WithoutProlog(string svg) => Prolog().Replace(svg, "").Trim();

    /// <summary>Every id and every reference to one (url(#x), href="#x") prefixed.</summary>
    public static string Unique(string svg, string prefix)
    {
        svg = Id().Replace(svg, m => $"{m.Groups[1].Value}=\"{prefix}{m.Groups[2].Value}\"");
        svg = UrlReference().Replace(svg, m => $"url(#{prefix}{m.Groups[1].Value})");
        return HrefReference().Replace(svg, m => $"{m.Groups[1].Value}=\"#{prefix}{m.Groups[2].Value}\"");
    }

    /// <summary>The document as a nested svg at (x, y) of an outer one.</summary>
    public static string Place(string svg, int x, int y)
    {
        var open = svg.IndexOf("<svg", StringComparison.Ordinal);
        if (open < 0) throw new InvalidOperationException("not an SVG document");
        return string.Concat(svg.AsSpan(0, open), string.Create(CultureInfo.InvariantCulture, $"<svg x=\"{x}\" y=\"{y}\""), svg.AsSpan(open + 4));
    }

    [GeneratedRegex(@"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>")]
    private static partial Regex Prolog();

    [GeneratedRegex(@"\b(id)=""([^""]+)""")]
    private static partial Regex Id();

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex UrlReference();

    [GeneratedRegex(@"\b((?:xlink:)?href)=""#([^""]+)""")]
    private static partial Regex HrefReference();
}
