using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Emitter.Generator.Bench.Reporting;

namespace Emitter.Generator.Reporting;

/// <summary>The run's outcome: printed to stderr at the end, and written as JSON with --summary.</summary>
public sealed record RunSummary(
    long Emitted,
    double DurationSecs,
    double TargetRate,
    double AchievedRate,
    double MaxLagMs,
    ulong Seed,
    string Embedding,
    IReadOnlyDictionary<string, long> ByService,
    IReadOnlyDictionary<string, long> ByLevel,
    IReadOnlyDictionary<string, ServiceSummary> Services,
    IReadOnlyDictionary<string, SinkSummary> Sinks,
    long NotEmitted = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Bench.Reporting.BenchSummary? Bench = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Shard = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<IncidentSummary>? Incidents = null)
{
    /// <summary>The layout's version (<see cref="RunMetadata.SchemaVersion"/>); first in the JSON.</summary>
    [JsonPropertyOrder(-1)]
    public int SchemaVersion { get; init; } = RunMetadata.SchemaVersion;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EmitterBuild? Emitter { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MachineInfo? Machine { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ConfigHash { get; init; }

    /// <summary>With <c>--repeat N</c>: each figure's median, min and max over the runs.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RepeatSummary? Repeat { get; init; }

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>
    /// Whether every entry reached every sink that stores (nothing failed or dropped). The live view
    /// drops by design (pre-seed bursts, a slow page): its losses are in <see cref="LiveViewDropped"/>.
    /// </summary>
    public bool Complete => Sinks.Values.Where(s => !s.LiveView).All(s => s.Failed == 0 && s.Dropped == 0);

    /// <summary>Entries the live view (dashboard) sinks did not show, beside <see cref="Complete"/>.</summary>
    public long LiveViewDropped => Sinks.Values.Where(s => s.LiveView).Sum(s => s.Dropped + s.Failed);

    public string ToText()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"Emitter summary: {Emitted:N0} entries in {DurationSecs:0.00} s = {AchievedRate:N0}/s (target {TargetRate:N0}/s), max lag {MaxLagMs:N0} ms, seed {Seed}");
        if (NotEmitted > 0)
            text.AppendLine(c, $"  behind:   {NotEmitted:N0} scheduled entries not emitted: the sinks held the emitters up past the run's end plus shutdown_grace_secs");
        text.AppendLine(c, $"  levels:   {string.Join(", ", ByLevel.Select(kv => $"{kv.Key} {kv.Value:N0}"))}");
        foreach (var (name, service) in Services)
        {
            text.AppendLine(c, $"  service {name}: {service.Emitted:N0} ({service.AchievedRate:N1}/s of {service.TargetRate:N1}/s)");
        }
        foreach (var (name, sink) in Sinks)
        {
            text.Append(c, $"  sink {name}: delivered {sink.Delivered:N0}, failed {sink.Failed:N0}, dropped {sink.Dropped:N0}, retried {sink.Retried:N0}, max latency {sink.MaxLatencyMs:N0} ms");
            text.AppendLine(sink.FirstError is null ? "" : $" (first error: {sink.FirstError})");
        }
        foreach (var incident in Incidents ?? [])
        {
            text.AppendLine(c, $"  incident {incident.Name} ({incident.Kind}): {incident.StartSecs:0.#}-{incident.EndSecs:0.#} s on {string.Join(", ", incident.Services)}: {incident.EntriesInWindow:N0} entries in the window, {incident.IncidentMessages:N0} incident messages, {incident.PrecursorMessages:N0} precursors, {incident.RecoveryMessages:N0} recovery");
        }
        text.AppendLine(c, $"  complete: {(Complete ? "yes" : "no")} (every entry in every store){(Sinks.Values.Any(s => s.LiveView) ? $"; live view dropped {LiveViewDropped:N0}" : "")}");
        if (Shard is not null) text.AppendLine(c, $"  shard:    {Shard}");
        if (Bench is not null) text.Append(Generator.Bench.Reporting.BenchText.Format(Bench));
        return text.ToString();
    }
}
