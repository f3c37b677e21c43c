namespace Emitter.Processes;

/// <summary>
/// How a run ended: an exit code, or none when the program could not be started (not installed)
/// or was killed at its timeout; <see cref="Error"/> then says which.
/// </summary>
public sealed record ProcessResult(int? ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>This result, or an exception naming the program and carrying what it printed.</summary>
    public ProcessResult EnsureSucceeded(ProcessRequest request) => Succeeded
        ? this
        : throw new InvalidOperationException(
            $"{Path.GetFileName(request.Program)} failed ({(ExitCode is { } code ? $"exit {code}" : "did not run")}): {(Error + Output).Trim()}");
}
