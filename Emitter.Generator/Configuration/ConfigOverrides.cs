namespace Emitter.Generator.Configuration;

/// <summary>Command-line values; they beat the file.</summary>
/// <param name="StartAt">A common start time for shards: the phase clock (shapes, incidents) counts from it.</param>
public sealed record ConfigOverrides(double? DurationSecs = null, ulong? Seed = null, Shard? Shard = null, DateTimeOffset? StartAt = null);
