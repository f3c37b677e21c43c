using System.Globalization;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.Qdrant;

/// <summary>
/// The oldest Qdrant the sink writes to, and why (docs/server-contract.md): servers before 1.16.0
/// drop collection metadata, so a collection of another model of the same dimensions would take
/// this run's vectors; before 1.15.3 every BM25 Document is refused unless the server config has
/// an <c>inference:</c> section, which the official image lacks.
/// </summary>
public static class QdrantServerVersion
{
    public static readonly Version Minimum = new(1, 16, 0);

    public const string Reason = "older servers drop collection metadata (so a collection of another embedding model "
        + "is not recognised) and, before 1.15.3, refuse the server-side BM25 documents the sink writes";

    /// <summary>Why a server reporting <paramref name="reported"/> (HealthCheck's version) is refused, or null.</summary>
    public static string? Refusal(string reported)
    {
        // Release builds report "1.16.3"; development builds may add a suffix ("1.17.0-dev").
        var number = reported.Split('-', '+')[0].Trim();
        if (Version.TryParse(number, out var version) && version >= Minimum) return null;
        var shown = string.IsNullOrWhiteSpace(reported) ? "no version" : $"version {reported}";
        return string.Create(CultureInfo.InvariantCulture,
            $"the server reports {shown}; Emitter needs Qdrant {Minimum} or newer: {Reason}");
    }
}
