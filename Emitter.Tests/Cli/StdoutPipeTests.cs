using System.Diagnostics;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Emitter.Tests.Cli;

/// <summary>
/// The built program in its own process, its standard output a real pipe: a reader that stops
/// reading (a full pipe, write(2) blocked) and one that closes it (as <c>emitter | head -n1</c>).
/// </summary>
public class StdoutPipeTests
{
    // Real time, only to turn a hang into a failure: every step before it waits for an event.
    private static readonly TimeSpan HangDetector = TimeSpan.FromSeconds(90);

    private static string Config(string cacheDir) => GeneratorAppTests.Config(cacheDir, "  - type: stdout\n", "run_duration_secs: 0\nshutdown_grace_secs: 2");

    [Fact]
    public async Task A_reader_that_stops_reading_ends_the_run_at_the_grace_period_with_the_lines_it_took_delivered_and_the_rest_failed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var run = Run.Start();
        var (child, summaryPath) = (run.Child, run.SummaryPath);
        var lines = 0L;
        while (lines < 100 && await child.Process.StandardOutput.ReadLineAsync(ct) is not null) lines++;
        // From here nobody reads: the pipe fills and the stdout sink's write(2) blocks.
        await child.WaitUntilAsync(() => child.ThreadsIn("pipe_write") > 0, "blocked in a pipe write", ct);

        var stopped = Stopwatch.StartNew();
        child.Signal("TERM");
        await child.Process.WaitForExitAsync(ct).WaitAsync(HangDetector, ct);
        var exitSecs = stopped.Elapsed.TotalSeconds;
        // Everything the pipe accepted, read now that the writer is gone.
        while (await child.Process.StandardOutput.ReadLineAsync(ct) is not null) lines++;
        var errors = await child.ErrorsAsync(ct);

        var (emitted, delivered, failed, dropped, firstError) = await StdoutCountsAsync(summaryPath, ct);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"stdout blocked: exit {child.Process.ExitCode} {exitSecs:0.0} s after SIGTERM (grace 2 s); lines read {lines:N0}; emitted {emitted:N0}, delivered {delivered:N0}, failed {failed:N0}, dropped {dropped}");

        Assert.Equal(1, child.Process.ExitCode);
        Assert.Contains("Emitter summary:", errors);
        Assert.Equal(lines, delivered); // delivered: exactly the lines the pipe took
        Assert.True(failed > 0, "what the pipe never took is failed");
        Assert.Equal(emitted, delivered + failed + dropped);
        Assert.Contains("not read", firstError);
    }

    [Fact]
    public async Task A_reader_that_closes_stdout_stops_the_sink_and_the_run_with_one_line_and_exact_counts()
    {
        var ct = TestContext.Current.CancellationToken;
        using var run = Run.Start();
        var (child, summaryPath) = (run.Child, run.SummaryPath);
        // As head -n1: read until a line has come, then close the pipe. The program is stopped
        // (SIGSTOP) while the test takes every byte the pipe holds, so "accepted" is known exactly.
        var output = child.Process.StandardOutput.BaseStream;
        var received = new MemoryStream();
        var buffer = new byte[65536];
        while (!received.ToArray().Contains((byte)'\n'))
        {
            var read = await output.ReadAsync(buffer, ct);
            Assert.True(read > 0, "stdout ended before its first line");
            received.Write(buffer, 0, read);
        }
        child.Signal("STOP");
        await child.WaitUntilAsync(() => child.State == 'T', "stopped", ct);
        var pending = Pending(output);
        if (pending > 0)
        {
            await output.ReadExactlyAsync(buffer.AsMemory(0, pending), ct);
            received.Write(buffer, 0, pending);
        }
        var bytes = received.ToArray();
        var lines = bytes.Count(b => b == (byte)'\n');
        child.Process.StandardOutput.Dispose(); // the reader goes: the next write gets EPIPE
        child.Signal("CONT");

        var closed = Stopwatch.StartNew();
        await child.Process.WaitForExitAsync(ct).WaitAsync(HangDetector, ct);
        var exitSecs = closed.Elapsed.TotalSeconds;
        var errors = await child.ErrorsAsync(ct);
        var (emitted, delivered, failed, dropped, firstError) = await StdoutCountsAsync(summaryPath, ct);
        var closedLines = errors.Split('\n').Where(l => l.Contains(Generator.Sinks.Stdout.StdoutSink.ClosedReason, StringComparison.Ordinal) && !l.Contains("first error", StringComparison.Ordinal)).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"stdout closed: exit {child.Process.ExitCode} {exitSecs:0.0} s after the close; bytes the pipe took {bytes.Length:N0} = {lines:N0} lines; emitted {emitted:N0}, delivered {delivered:N0}, failed {failed:N0}, dropped {dropped}\n{string.Join('\n', closedLines)}");

        Assert.Equal((byte)'\n', bytes[^1]); // whole lines only: every write to the pipe ends on a line end
        Assert.Equal(lines, delivered);
        Assert.Equal(emitted, delivered + failed + dropped);
        Assert.Single(closedLines);
        Assert.Contains("Emitter summary:", errors);
        Assert.Equal(1, child.Process.ExitCode);
    }

    /// <summary>The summary's emitted and the stdout sink's counts and first error.</summary>
    private static async Task<(long Emitted, long Delivered, long Failed, long Dropped, string? FirstError)> StdoutCountsAsync(string summaryPath, CancellationToken ct)
    {
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryPath, ct));
        var sink = summary.RootElement.GetProperty("sinks").GetProperty("stdout");
        return (summary.RootElement.GetProperty("emitted").GetInt64(), sink.GetProperty("delivered").GetInt64(), sink.GetProperty("failed").GetInt64(),
            sink.GetProperty("dropped").GetInt64(), sink.TryGetProperty("first_error", out var error) ? error.GetString() : null);
    }

    /// <summary>An endless stdout-only run of the built program, with its config, cache and summary path (all removed after).</summary>
    private sealed class Run : IDisposable
    {
        private readonly TempConfig _cache = new("");
        private TempConfig? _config;

        public GeneratorChild Child { get; private set; } = null!;
        public string SummaryPath { get; private set; } = "";

        public static Run Start()
        {
            var run = new Run();
            run._config = new TempConfig(Config(run._cache.Directory));
            run.SummaryPath = Path.Combine(run._config.Directory, "summary.json");
            run.Child = GeneratorChild.Start(HangDetector, "--config", run._config.Path, "--summary", run.SummaryPath);
            return run;
        }

        public void Dispose()
        {
            Child.Kill();
            Child.Dispose();
            _config?.Dispose();
            _cache.Dispose();
        }
    }

    /// <summary>Bytes waiting in the pipe behind <paramref name="stream"/> (FIONREAD).</summary>
    private static int Pending(Stream stream)
    {
        var handle = stream switch
        {
            PipeStream pipe => pipe.SafePipeHandle.DangerousGetHandle(),
            FileStream file => file.SafeFileHandle.DangerousGetHandle(),
            _ => throw new InvalidOperationException($"stdout is a {stream.GetType().Name}, not a pipe"),
        };
        const nuint fionread = 0x541B;
        return ioctl((int)handle, fionread, out var count) == 0 ? count : throw new IOException($"FIONREAD failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int ioctl(int fd, nuint request, out int count);
}
