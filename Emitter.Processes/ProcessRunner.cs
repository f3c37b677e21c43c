using System.ComponentModel;
using CliWrap;
using CliWrap.Buffered;

namespace Emitter.Processes;

/// <summary>The real runner (CliWrap): buffers both outputs, feeds stdin, kills the process at its timeout.</summary>
public sealed class ProcessRunner : IProcessRunner
{
    public static ProcessRunner Instance { get; } = new();

    public async Task<ProcessResult> RunAsync(ProcessRequest request, CancellationToken ct = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (request.Timeout is { } timeout) deadline.CancelAfter(timeout);
        var command = Cli.Wrap(request.Program)
            .WithArguments(request.Arguments)
            .WithWorkingDirectory(request.WorkingDirectory)
            .WithEnvironmentVariables(request.Environment)
            .WithValidation(CommandResultValidation.None);
        if (request.StandardInput is { } input) command = command.WithStandardInputPipe(PipeSource.FromString(input));
        try
        {
            var result = await command.ExecuteBufferedAsync(deadline.Token);
            return new ProcessResult(result.ExitCode, result.StandardOutput, result.StandardError);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new ProcessResult(null, "", $"timed out after {request.Timeout?.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is Win32Exception || e.InnerException is Win32Exception)
        {
            return new ProcessResult(null, "", $"could not start {request.Program}: {(e.InnerException ?? e).Message}");
        }
    }
}
