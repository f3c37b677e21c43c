using System.Text.Json;
using Emitter.Generator.Reporting;

namespace Emitter.Tests.Cli;

/// <summary>Issue 21, point 8: summaries that cannot lie.</summary>
public class SummaryFileTests
{
    [Fact]
    public async Task A_run_that_fails_leaves_no_earlier_summary_behind()
    {
        using var summary = new TempConfig("""{"emitted": 123456, "note": "the previous run's summary"}""", "summary.json");
        // The run ends (here at its config, found after the summary path was checked) before any summary is written.
        var yaml = "buffer_size: 0\nservices:\n  - name: api\n    rate_per_sec: 10\nrun_duration_secs: 1\n";
        var (exit, _, errors) = await GeneratorAppTests.RunAsync(yaml, "--summary", summary.Path);
        TestContext.Current.TestOutputHelper?.WriteLine($"exit {exit}; summary file exists afterwards: {File.Exists(summary.Path)}; stderr: {errors.Trim()}");
        Assert.NotEqual(0, exit);
        Assert.False(File.Exists(summary.Path), "the previous run's summary is still there, as if this run had written it");
    }

    [Fact]
    public async Task The_summary_replaces_the_file_by_rename_never_rewriting_it_in_place()
    {
        using var dir = new TempConfig("");
        var path = Path.Combine(dir.Directory, "summary.json");
        var other = Path.Combine(dir.Directory, "other-name.json");
        await File.WriteAllTextAsync(path, "old", TestContext.Current.CancellationToken);
        // A second name for the same inode: a write in place (truncate, then write) shows through it.
        Assert.Equal(0, (await Emitter.Processes.ProcessRunner.Instance.RunAsync(new Emitter.Processes.ProcessRequest("ln", [path, other]), TestContext.Current.CancellationToken)).ExitCode);

        await SummaryFile.WriteAsync(path, """{"emitted": 1}""", TestContext.Current.CancellationToken);

        Assert.Equal(1, JsonDocument.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken)).RootElement.GetProperty("emitted").GetInt32());
        Assert.Equal("old", await File.ReadAllTextAsync(other, TestContext.Current.CancellationToken)); // a new file took the name
        Assert.Empty(Directory.GetFiles(dir.Directory, "*.tmp"));
    }

    [Fact]
    public void Complete_is_over_the_sinks_that_store_and_the_live_views_drops_are_reported_beside_it()
    {
        var sinks = new Dictionary<string, SinkSummary>
        {
            ["pgvector"] = new(1000, 0, 0, 0, 10, 5, null),
            ["dashboard"] = new(600, 0, 400, 0, 10, 5, "pre-seed burst", LiveView: true),
        };
        var summary = new RunSummary(1000, 1, 1000, 1000, 0, 42, "none", new Dictionary<string, long>(), new Dictionary<string, long>(),
            new Dictionary<string, ServiceSummary>(), sinks);
        Assert.True(summary.Complete);
        Assert.Equal(400, summary.LiveViewDropped);
        Assert.Contains("complete: yes (every entry in every store); live view dropped 400", summary.ToText());
        using var json = JsonDocument.Parse(summary.ToJson());
        Assert.True(json.RootElement.GetProperty("complete").GetBoolean());
        Assert.Equal(400, json.RootElement.GetProperty("live_view_dropped").GetInt64());

        var merged = SummaryMerger.Merge([("a.json", summary), ("b.json", summary with { Shard = "1/2" })]);
        Assert.True(merged.Complete);
        Assert.Equal(800, merged.LiveViewDropped);

        var lost = summary with { Sinks = new Dictionary<string, SinkSummary>(sinks) { ["pgvector"] = new(990, 10, 0, 0, 10, 5, "timeout") } };
        Assert.False(lost.Complete);
    }
}
