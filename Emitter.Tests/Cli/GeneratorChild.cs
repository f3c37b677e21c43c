using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Emitter.Tests.Cli;

/// <summary>
/// The built program as a child process, its stderr read all along (so only stdout can block) and
/// its stdout left to the test: signals, its state and threads and memory from /proc.
/// </summary>
public sealed class GeneratorChild : IDisposable
{
    private readonly StringBuilder _errors = new();
    private readonly TimeSpan _hangDetector;
    private Task _reading = Task.CompletedTask;

    private GeneratorChild(Process process, TimeSpan hangDetector) => (Process, _hangDetector) = (process, hangDetector);

    public Process Process { get; }

    /// <param name="hangDetector">Real time, only to turn a hang into a failure.</param>
    public static GeneratorChild Start(TimeSpan hangDetector, params string[] args)
    {
        var process = Process.Start(new ProcessStartInfo("dotnet", [GeneratorProgram.Path, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var child = new GeneratorChild(process, hangDetector);
        child._reading = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                lock (child._errors) child._errors.AppendLine(line);
            }
        });
        return child;
    }

    /// <summary>Reads and discards stdout, for a test that does not look at it (so it never blocks).</summary>
    public void DrainOutput() => _ = Process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);

    /// <summary>What stderr said until the program ended.</summary>
    public async Task<string> ErrorsAsync(CancellationToken ct)
    {
        await _reading.WaitAsync(_hangDetector, ct);
        lock (_errors) return _errors.ToString();
    }

    /// <summary>What stderr has said so far.</summary>
    public string ErrorsSoFar()
    {
        lock (_errors) return _errors.ToString();
    }

    public void Signal(string signal) => Process.Start("kill", [$"-{signal}", Process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();

    /// <summary>The process's state letter from /proc (R, S, T for stopped...).</summary>
    public char State => File.ReadAllText($"/proc/{Process.Id}/stat").Split(") ")[1][0];

    /// <summary>Resident memory now and at its peak (VmRSS, VmHWM), in MB.</summary>
    public (double Rss, double Peak) Memory() => ProcessMemory.Of(Process.Id);

    /// <summary>Threads of the process sleeping in a kernel function whose name contains <paramref name="kernelWait"/>.</summary>
    public int ThreadsIn(string kernelWait) => Directory.GetDirectories($"/proc/{Process.Id}/task").Count(task =>
    {
        try
        {
            return File.ReadAllText(Path.Combine(task, "wchan")).Contains(kernelWait, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false; // the thread ended meanwhile
        }
    });

    public async Task WaitUntilAsync(Func<bool> condition, string what, CancellationToken ct) => await WaitUntilAsync(() => Task.FromResult(condition()), what, ct);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails if the program exits first or the hang detector runs out.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (Process.HasExited) throw new InvalidOperationException($"the program exited ({Process.ExitCode}) before it was {what}: {ErrorsSoFar()}");
            if (waited.Elapsed > _hangDetector) throw new TimeoutException($"the program was not {what} within {_hangDetector.TotalSeconds:0} s: {ErrorsSoFar()}");
            await Task.Delay(20, ct);
        }
    }

    public void Kill()
    {
        if (!Process.HasExited) Process.Kill(entireProcessTree: true);
    }

    public void Dispose() => Process.Dispose();
}
