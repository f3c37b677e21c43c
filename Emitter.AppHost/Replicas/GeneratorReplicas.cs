using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Emitter.AppHost.Replicas;

/// <summary>
/// <c>Emitter:Replicas=n</c>: n generator resources (generator-0 … generator-{n-1}), each running
/// <c>--shard i/n</c> with one seed and one <c>--start-at</c>, so their telemetry shows per replica
/// in the Aspire dashboard. 1 (the default) keeps the single "generator" resource as it was.
/// </summary>
public static class GeneratorReplicas
{
    public const string Key = "Emitter:Replicas";
    public const string SeedKey = "Emitter:Seed";
    public const string StartDelayKey = "Emitter:ReplicaStartDelaySecs";

    /// <summary>The number of replicas; a bad value is one line naming the key.</summary>
    public static int Count(IConfiguration configuration)
    {
        var text = configuration[Key];
        if (string.IsNullOrWhiteSpace(text)) return 1;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1024
            ? n
            : throw new AppHostSettingException($"{Key}: expected a whole number from 1 to 1024, got '{text}'");
    }

    /// <summary>Each replica's extra arguments: its shard, the common seed and start time.</summary>
    public static IReadOnlyList<string[]> ShardArgs(IConfiguration configuration, int count, DateTimeOffset now)
    {
        if (count == 1) return [[]];
        var seed = configuration[SeedKey] ?? ((ulong)Random.Shared.NextInt64()).ToString(CultureInfo.InvariantCulture);
        // The replicas start together; the delay covers their model loads so none starts late.
        var startAt = now.AddSeconds(configuration.GetValue(StartDelayKey, 30.0)).ToString("O", CultureInfo.InvariantCulture);
        return [.. Enumerable.Range(0, count).Select(i => new[] { "--shard", $"{i}/{count}", "--seed", seed, "--start-at", startAt })];
    }

    public static string Name(int index, int count) => count == 1 ? "generator" : $"generator-{index}";

    /// <summary>
    /// The topology wires its servers into the first replica (references, waits); the others get
    /// the same annotations, so every replica writes to the same servers.
    /// </summary>
    /// <param name="before">The first replica's annotations before the topology ran: those are each replica's own.</param>
    public static void ShareWiring(IResourceBuilder<ProjectResource> first, IEnumerable<IResourceBuilder<ProjectResource>> others, IReadOnlyCollection<IResourceAnnotation> before)
    {
        var shared = first.Resource.Annotations
            .Where(a => a is EnvironmentCallbackAnnotation or WaitAnnotation or ResourceRelationshipAnnotation && !before.Contains(a))
            .ToList();
        foreach (var other in others)
        {
            foreach (var annotation in shared) other.WithAnnotation(annotation, ResourceAnnotationMutationBehavior.Append);
        }
    }
}
