using System.Globalization;

namespace Emitter.Benchmarks;

/// <summary>The few switches of the end-to-end modes.</summary>
public sealed record EndToEndOptions(int? Cores, double Seconds, int Dimensions, long Entries, int Count, double Rate, int Clients, string Url)
{
    public static EndToEndOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }
        double Number(string name, double fallback) => Value(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

        return new EndToEndOptions(
            Value("--cores") is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : null,
            Number("--seconds", 2),
            (int)Number("--dims", 1536),
            (long)Number("--entries", 5_000_000),
            (int)Number("--count", 2_000),
            Number("--rate", 20_000_000),
            (int)Number("--clients", 20),
            Value("--url") ?? "http://localhost:3000");
    }
}
