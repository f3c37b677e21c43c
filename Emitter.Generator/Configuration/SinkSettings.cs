using System.Globalization;

namespace Emitter.Generator.Configuration;

/// <summary>
/// A sink's own keys as written in the config (or injected as a connection string), with
/// the line each came from, so every sink reports its bad values the same way.
/// </summary>
public sealed class SinkSettings(string file, string path, IReadOnlyDictionary<string, (string? Value, int Line)> values)
{
    public string File { get; } = file;
    public string Path { get; } = path;
    public IEnumerable<string> Keys => values.Keys;

    public static SinkSettings Of(string file, string path, IEnumerable<KeyValuePair<string, string?>> values) =>
        new(file, path, values.ToDictionary(kv => kv.Key, kv => (kv.Value, 0)));

    /// <summary>The same settings with one value replaced (its line kept when it was written).</summary>
    public SinkSettings With(string key, string value)
    {
        var copy = values.ToDictionary();
        copy[key] = (value, values.TryGetValue(key, out var v) ? v.Line : 0);
        return new SinkSettings(File, Path, copy);
    }

    public bool Has(string key) => values.TryGetValue(key, out var v) && v.Value is not null;

    public string? String(string key, string? fallback = null) =>
        values.TryGetValue(key, out var v) && v.Value is not null ? v.Value : fallback;

    public int Int(string key, int fallback, int min = int.MinValue)
    {
        if (String(key) is not { } text) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw Error(key, $"expected a whole number, got '{text}'");
        if (value < min) throw Error(key, $"must be at least {min}, got {value}");
        return value;
    }

    public bool Bool(string key, bool fallback)
    {
        if (String(key) is not { } text) return fallback;
        return text.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Error(key, $"expected true or false, got '{text}'"),
        };
    }

    public T Enum<T>(string key, T fallback) where T : struct, System.Enum
    {
        if (String(key) is not { } text) return fallback;
        if (System.Enum.TryParse<T>(text.Replace("_", ""), ignoreCase: true, out var value)
            && System.Enum.IsDefined(value) && !int.TryParse(text, out _))
            return value;
        var allowed = string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
        throw Error(key, $"unknown value '{text}' (expected one of: {allowed})");
    }

    /// <summary>Refuses keys the sink does not know: a typo must not be silently ignored.</summary>
    public void OnlyKeys(IReadOnlyCollection<string> known)
    {
        foreach (var key in values.Keys.Where(k => !known.Contains(k)))
            throw Error(key, $"unknown key for this sink (known keys: {string.Join(", ", known.Order())})");
    }

    public ConfigException Error(string key, string problem) =>
        ConfigException.At(File, values.TryGetValue(key, out var v) ? v.Line : 0, $"{Path}.{key}", problem);
}
