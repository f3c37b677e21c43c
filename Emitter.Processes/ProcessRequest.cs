namespace Emitter.Processes;

/// <summary>
/// One program run to its end. Secrets go in <see cref="StandardInput"/> or
/// <see cref="Environment"/>, never in <see cref="Arguments"/>: the command line is visible to
/// every user (ps, /proc) and runners may record it.
/// </summary>
public sealed record ProcessRequest(string Program, IReadOnlyList<string> Arguments)
{
    public string? StandardInput { get; init; }

    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Defaults to "/": the postgres user (runuser) must be able to read it.</summary>
    public string WorkingDirectory { get; init; } = "/";

    /// <summary>The process (and its children) is killed after this long.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>For messages: the program's file name and its arguments.</summary>
    public override string ToString() => string.Join(' ', [Path.GetFileName(Program), .. Arguments]);
}
