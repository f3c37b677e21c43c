namespace Emitter.Generator.Sinks.Stdout;

public enum StdoutFormat
{
    /// <summary>One line: timestamp, level, service, message.</summary>
    Text,

    /// <summary>One JSON object per line.</summary>
    Json,
}
