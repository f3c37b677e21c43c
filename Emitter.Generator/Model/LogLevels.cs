namespace Emitter.Generator.Model;

public static class LogLevels
{
    public const int Count = 4;

    public static readonly LogLevel[] All = [LogLevel.Debug, LogLevel.Info, LogLevel.Warn, LogLevel.Error];

    /// <summary>The one spelling every sink writes (the original mixed "Debug" and "DEBUG").</summary>
    public static string Name(this LogLevel level) => level switch
    {
        LogLevel.Debug => "DEBUG",
        LogLevel.Info => "INFO",
        LogLevel.Warn => "WARN",
        LogLevel.Error => "ERROR",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    /// <summary>Parses a config key or value: debug, info, warn (or warning), error; any casing.</summary>
    public static bool TryParse(string text, out LogLevel level)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "debug": level = LogLevel.Debug; return true;
            case "info": level = LogLevel.Info; return true;
            case "warn" or "warning": level = LogLevel.Warn; return true;
            case "error": level = LogLevel.Error; return true;
            default: level = default; return false;
        }
    }
}
