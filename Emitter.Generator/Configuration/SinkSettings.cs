using System.Globalization;

namespace Emitter.Generator.Configuration;

/// <summary>
/// A sink's own keys as written in the config (or injected as a connection string), with the
/// line each came from and the variables it was expanded from. Every check a sink's typed
/// options need is written here once, so every sink refuses a bad value with the same
/// <c>file:line: sinks[i].key: problem</c> line, and none ever prints a secret.
/// </summary>
public sealed class SinkSettings(string file, string path, IReadOnlyDictionary<string, SinkValue> values, SinkOrigin origin = SinkOrigin.File)
{
    /// <summary>The longest any sink's per-request timeout may be: longer is a typo, and past ~24 days .NET's timers refuse it mid-run.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    /// <summary>Keys whose values are never printed, whatever they hold.</summary>
    public static readonly IReadOnlySet<string> SecretKeys = new HashSet<string> { "password", "api_key", "connection_string", "headers", "token" };

    public string File { get; } = file;
    public string Path { get; } = path;

    /// <summary>Written in a config file, or announced by an app host (a connection string it injected).</summary>
    public SinkOrigin Origin { get; } = origin;

    public IEnumerable<string> Keys => values.Keys;

    public static SinkSettings Of(string file, string path, IEnumerable<KeyValuePair<string, string?>> values, SinkOrigin origin = SinkOrigin.File) =>
        new(file, path, values.ToDictionary(kv => kv.Key, kv => new SinkValue(kv.Value, 0)), origin);

    /// <summary>The same settings with one value replaced (its line kept when it was written).</summary>
    public SinkSettings With(string key, string value)
    {
        var copy = values.ToDictionary();
        copy[key] = new SinkValue(value, values.TryGetValue(key, out var v) ? v.Line : 0);
        return new SinkSettings(File, Path, copy, Origin);
    }

    public bool Has(string key) => values.TryGetValue(key, out var v) && v.Value is not null;

    public string? String(string key, string? fallback = null) =>
        values.TryGetValue(key, out var v) && v.Value is not null ? v.Value : fallback;

    public int Int(string key, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        if (String(key) is not { } text) return fallback;
        if (!int.TryParse(text.Trim().Replace("_", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw Error(key, $"expected a whole number, got {Shown(key)}");
        if (value < min) throw Error(key, $"must be at least {min}, got {value}");
        if (value > max) throw Error(key, $"must be at most {max}, got {value}");
        return value;
    }

    /// <summary>A TCP port: 1 to 65535.</summary>
    public int Port(string key, int fallback) => Int(key, fallback, min: 1, max: 65535);

    /// <summary>A timeout in whole <paramref name="unit"/>s (one at least, <see cref="MaxTimeout"/> at most).</summary>
    public TimeSpan Timeout(string key, TimeSpan fallback, TimeUnit unit)
    {
        var (one, name) = unit == TimeUnit.Seconds ? (TimeSpan.FromSeconds(1), "s") : (TimeSpan.FromMilliseconds(1), "ms");
        var max = (int)(MaxTimeout / one);
        if (!Has(key)) return fallback;
        var count = Int(key, 0, min: 1);
        return count <= max ? count * one : throw Error(key, $"must be at most {max} {name} (one hour), got {count}");
    }

    public bool Bool(string key, bool fallback)
    {
        if (String(key) is not { } text) return fallback;
        return text.Trim().ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Error(key, $"expected true or false, got {Shown(key)}"),
        };
    }

    /// <summary>One of an enum's members, written in snake_case (<c>Int8Hnsw</c> is <c>int8_hnsw</c>), any case.</summary>
    public T Enum<T>(string key, T fallback) where T : struct, System.Enum =>
        Choice(key, EnumNames<T>.ByName, fallback);

    /// <summary>One of the named values (any case); anything else is refused listing them.</summary>
    public T Choice<T>(string key, IReadOnlyDictionary<string, T> names, T fallback)
    {
        if (String(key)?.Trim() is not { } text) return fallback;
        var found = names.FirstOrDefault(n => string.Equals(n.Key, text, StringComparison.OrdinalIgnoreCase));
        return found.Key is not null
            ? found.Value
            : throw Error(key, $"unknown value {Shown(key)} (expected one of: {string.Join(", ", names.Keys)})");
    }

    /// <summary>An absolute http:// or https:// address, or null when the key is absent.</summary>
    public Uri? HttpUrl(string key, string example)
    {
        if (String(key) is not { } text) return null;
        return SinkUrls.TryParse(text) ?? throw Error(key, $"expected an http:// or https:// address such as {example}, got {Shown(key)}");
    }

    /// <summary>
    /// Refuses two ways of giving the same thing at once (<c>url</c> and <c>connection_string</c>,
    /// <c>connection_string</c> and <c>host</c>): named at the first key of <paramref name="those"/> that is set.
    /// </summary>
    public void NotBoth(IReadOnlyList<string> these, IReadOnlyList<string> those, string? hint = null)
    {
        if (!these.Any(Has) || those.FirstOrDefault(Has) is not { } second) return;
        throw Error(second, $"give either {string.Join("/", these)} or {string.Join("/", those)}, not both{(hint is null ? "" : $" ({hint})")}");
    }

    /// <summary>
    /// The server's address as a store sink takes it: <c>url</c>, or <c>connection_string</c> as an
    /// app host injects it, one of them required. Returns the key used and its text.
    /// </summary>
    public (string Key, string Text) UrlOrConnectionString(string example)
    {
        NotBoth(["url"], ["connection_string"]);
        if (String("connection_string") is { } connection) return ("connection_string", connection);
        return String("url") is { } url ? ("url", url) : throw Error("url", $"is required, e.g. {example}, or give connection_string");
    }

    /// <summary>
    /// A secret (password, key): absent is null; empty or holding a control character (a stray
    /// newline from a file or variable, which no server header takes) is refused without showing it.
    /// </summary>
    public string? Secret(string key, string emptyHint)
    {
        if (String(key) is not { } text) return null;
        if (text.Length == 0) throw Error(key, $"is empty ({emptyHint})");
        if (text.Any(char.IsControl)) throw Error(key, $"holds a control character such as a line break ({Hidden(key)})");
        return text;
    }

    /// <summary>
    /// The key's value as an error may show it: never a secret key's value, never what a variable
    /// held (the variable is named instead), never anything that may carry a password in a URL.
    /// </summary>
    public string Shown(string key)
    {
        if (!values.TryGetValue(key, out var v) || v.Value is null) return "nothing";
        if (SecretKeys.Contains(key)) return $"a value ({Hidden(key)})";
        if (v.Variables is { } variables) return $"the value of {variables}";
        return v.Value.Contains('@') ? "a value (not shown: it may hold a password)" : $"'{v.Value}'";
    }

    /// <summary>Why a value is not printed, naming where it came from.</summary>
    public string Hidden(string key) =>
        values.TryGetValue(key, out var v) && v.Variables is { } variables ? $"from {variables}, not shown" : "not shown: it is secret";

    /// <summary>Refuses keys the sink does not know: a typo must not be silently ignored.</summary>
    public void OnlyKeys(IReadOnlyCollection<string> known)
    {
        foreach (var key in values.Keys.Where(k => !known.Contains(k)))
            throw Error(key, known.Count == 0
                ? "unknown key for this sink (it takes no keys of its own)"
                : $"unknown key for this sink (known keys: {string.Join(", ", known.Order())})");
    }

    public ConfigException Error(string key, string problem) =>
        ConfigException.At(File, values.TryGetValue(key, out var v) ? v.Line : 0, $"{Path}.{key}", problem);

    private static class EnumNames<T> where T : struct, System.Enum
    {
        public static readonly IReadOnlyDictionary<string, T> ByName =
            System.Enum.GetValues<T>().ToDictionary(v => SnakeCase(v.ToString()));

        private static string SnakeCase(string name) =>
            string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? $"_{char.ToLowerInvariant(c)}" : $"{char.ToLowerInvariant(c)}"));
    }
}

/// <summary>One sink setting as written: its text, its line (0: not from a file), the variables it was expanded from.</summary>
public readonly record struct SinkValue(string? Value, int Line, string? Variables = null);

/// <summary>Where a sink's settings came from.</summary>
public enum SinkOrigin
{
    /// <summary>The <c>sinks</c> list of a config file (or a test, or a benchmark).</summary>
    File,

    /// <summary>An app host's configuration (ConnectionStrings:*, service discovery), not listed in the file.</summary>
    AppHost,
}

public enum TimeUnit
{
    Seconds,
    Milliseconds,
}
