using System.Text.Json;
using Emitter.Generator;
using Emitter.Generator.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Cli;

/// <summary>The whole generator in process: config file to stdout lines, stderr and exit code.</summary>
public class GeneratorAppTests
{
    internal static string Config(string cacheDir, string sinks = "  - type: stdout\n    format: json\n", string extra = "") => $"""
        message_pool_size: 40
        flush_interval_ms: 100
        embedding:
          cache_dir: {cacheDir}
        sinks:
        {sinks}
        services:
          - name: api
            rate_per_sec: 400
          - name: worker
            rate_per_sec: 200
            level_weights: {"{"} debug: 1, error: 1 {"}"}
        {extra}
        """;

    internal static Task<(int Exit, string[] Lines, string Errors)> RunAsync(string yaml, params string[] args) =>
        RunAsync(yaml, null, args);

    /// <param name="time">A fake clock for the run, moved on a second at a time until the run ends (waits are the run's, not the test's).</param>
    internal static async Task<(int Exit, string[] Lines, string Errors)> RunAsync(string yaml, FakeTimeProvider? time, params string[] args)
    {
        using var file = new TempConfig(yaml);
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var parse = GeneratorCommand.Create(stdout, stderr, time).Parse(["--config", file.Path, .. args]);
        var run = parse.RunAsync(TestContext.Current.CancellationToken);
        while (time is not null && !run.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(run, Task.Delay(10, TestContext.Current.CancellationToken));
        }
        var exit = await run;
        var lines = System.Text.Encoding.UTF8.GetString(stdout.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (exit, lines, stderr.ToString());
    }

    [Fact]
    public async Task A_short_run_prints_every_entry_and_a_matching_summary()
    {
        using var cache = new TempConfig("");
        using var summaryFile = new TempConfig("");
        var (exit, lines, errors) = await RunAsync(Config(cache.Directory), "--duration-secs", "1", "--summary", summaryFile.Path);

        Assert.Equal(0, exit);
        Assert.Contains("Emitter summary:", errors);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryFile.Path, TestContext.Current.CancellationToken));
        var root = summary.RootElement;
        Assert.Equal(lines.Length, root.GetProperty("emitted").GetInt64());
        Assert.Equal(lines.Length, root.GetProperty("sinks").GetProperty("stdout").GetProperty("delivered").GetInt64());
        Assert.Equal(600, root.GetProperty("target_rate").GetDouble());
        Assert.InRange(lines.Length, 450, 750); // Poisson around 600 in one second
        foreach (var key in new[] { "duration_secs", "achieved_rate", "by_service", "by_level" }) Assert.True(root.TryGetProperty(key, out _), key);

        var entry = JsonDocument.Parse(lines[0]).RootElement;
        foreach (var key in new[] { "id", "timestamp", "service", "level", "message" }) Assert.True(entry.TryGetProperty(key, out _), key);
        Assert.False(entry.TryGetProperty("embedding", out _));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_sequences_and_another_seed_does_not()
    {
        using var cache = new TempConfig("");
        async Task<Dictionary<string, string[]>> Sequences(string seed)
        {
            var (exit, lines, _) = await RunAsync(Config(cache.Directory), "--duration-secs", "0.5", "--seed", seed);
            Assert.Equal(0, exit);
            return lines.Select(l => JsonDocument.Parse(l).RootElement)
                .GroupBy(e => e.GetProperty("service").GetString()!)
                .ToDictionary(g => g.Key, g => g
                    // Batches may reach stdout slightly out of order: order by schedule, ties by text.
                    .Select(e => (At: e.GetProperty("timestamp").GetDateTimeOffset(), Text: $"{e.GetProperty("level").GetString()} {e.GetProperty("message").GetString()}"))
                    .OrderBy(e => e.At).ThenBy(e => e.Text, StringComparer.Ordinal).Select(e => e.Text).ToArray());
        }

        var first = await Sequences("42");
        var second = await Sequences("42");
        var other = await Sequences("43");

        foreach (var service in new[] { "api", "worker" })
        {
            var common = Math.Min(first[service].Length, second[service].Length);
            Assert.True(common > 50);
            Assert.Equal(first[service][..common], second[service][..common]);
        }
        Assert.NotEqual(first["api"][..20], other["api"][..20]);
    }

    [Fact]
    public async Task Json_with_include_embedding_carries_the_jittered_vector()
    {
        using var cache = new TempConfig("");
        var (exit, lines, _) = await RunAsync(Config(cache.Directory, "  - type: stdout\n    format: json\n    include_embedding: true\n"), "--duration-secs", "0.2");

        Assert.Equal(0, exit);
        var vector = JsonDocument.Parse(lines[0]).RootElement.GetProperty("embedding");
        Assert.Equal(384, vector.GetArrayLength());
    }

    [Theory]
    [InlineData("--duration-secs", "-1", "--duration-secs")]
    [InlineData("--duration-secs", "nan", "--duration-secs")]
    [InlineData("--duration-secs", "1e12", "--duration-secs")]
    [InlineData("--seed", "minus-one", "minus-one")]
    [InlineData("--no-such-option", "1", "--no-such-option")]
    public async Task A_bad_command_line_exits_2(string option, string value, string named)
    {
        using var cache = new TempConfig("");
        using var file = new TempConfig(Config(cache.Directory));
        var stdout = new MemoryStream();
        var stderr = new StringWriter();

        // As Program.cs runs it: parse errors included, the exit code is the program's own.
        var exit = await GeneratorCommand.InvokeAsync(["--config", file.Path, option, value], stdout, stderr, TestContext.Current.CancellationToken);

        Assert.Equal(ConfigException.ExitCode, exit);
        Assert.Contains(named, stderr.ToString());
        Assert.DoesNotContain("   at ", stderr.ToString());
        Assert.Equal(0, stdout.Length);
    }

    [Fact]
    public async Task An_unwritable_summary_path_is_refused_before_the_run()
    {
        using var cache = new TempConfig("");
        var summary = Path.Combine(cache.Directory, "no-such-directory", "summary.json");

        var (exit, lines, errors) = await RunAsync(Config(cache.Directory), "--duration-secs", "0.2", "--summary", summary);

        Assert.Equal(ConfigException.ExitCode, exit);
        Assert.Empty(lines);
        Assert.StartsWith($"--summary: {summary}: ", errors);
        Assert.Single(errors.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task A_summary_path_gone_during_the_run_is_one_line_after_the_summary_and_exit_1()
    {
        using var cache = new TempConfig("");
        using var config = new TempConfig(Config(cache.Directory));
        var directory = Directory.CreateTempSubdirectory("emitter-summary-").FullName;
        var summary = Path.Combine(directory, "summary.json");
        // The first entry on stdout: the run passed the check before it and is under way.
        var stdout = new Fakes.FirstWriteStream(() => Directory.Delete(directory, recursive: true));
        var stderr = new StringWriter();

        var exit = await GeneratorCommand.InvokeAsync(["--config", config.Path, "--duration-secs", "0.2", "--summary", summary], stdout, stderr, TestContext.Current.CancellationToken);

        var errors = stderr.ToString();
        Assert.Equal(GeneratorApp.SinkFailureExitCode, exit);
        Assert.True(stdout.Length > 0);
        Assert.Contains("Emitter summary:", errors);
        var last = errors.TrimEnd().Split('\n')[^1];
        Assert.StartsWith($"--summary: {summary}: could not be written after the run (", last);
        Assert.DoesNotContain("   at ", errors);
        Assert.False(File.Exists(summary));
    }

    [Fact]
    public async Task A_bad_config_exits_2_with_one_line_and_no_stack_trace()
    {
        using var cache = new TempConfig("");
        var (exit, lines, errors) = await RunAsync(Config(cache.Directory, extra: "buffer_size: 0"), "--duration-secs", "1");

        Assert.Equal(ConfigException.ExitCode, exit);
        Assert.Empty(lines);
        Assert.Matches(@"^emitter-test\.yaml:\d+: buffer_size: must be greater than 0, got 0\s*$", errors);
    }
}
