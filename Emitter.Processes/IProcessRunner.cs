namespace Emitter.Processes;

/// <summary>Runs a program to its end. The seam tests use to see which programs would run, and with what.</summary>
public interface IProcessRunner
{
    Task<ProcessResult> RunAsync(ProcessRequest request, CancellationToken ct = default);
}
