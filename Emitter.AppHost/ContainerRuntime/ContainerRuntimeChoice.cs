using Emitter.Processes;
using Microsoft.Extensions.Configuration;

namespace Emitter.AppHost.ContainerRuntime;

/// <summary>Reads Emitter:ContainerRuntime and decides whether this run uses containers.</summary>
public static class ContainerRuntimeChoice
{
    public const string ConfigurationKey = "Emitter:ContainerRuntime";
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public static ContainerRuntimeMode ReadMode(IConfiguration configuration)
    {
        var text = configuration[ConfigurationKey];
        if (string.IsNullOrWhiteSpace(text)) return ContainerRuntimeMode.Auto;
        return text.Trim().ToLowerInvariant() switch
        {
            "auto" => ContainerRuntimeMode.Auto,
            "on" => ContainerRuntimeMode.On,
            "off" => ContainerRuntimeMode.Off,
            _ => throw new InvalidOperationException($"{ConfigurationKey} must be auto, on or off, got '{text}'"),
        };
    }

    /// <summary>
    /// Whether to use containers, the line the app host logs about it, and the runtime that answered.
    /// Only a run probes (<paramref name="isRunMode"/>): it picks which resources the model has, so
    /// it cannot wait for a lifecycle event; a publish describes containers without asking.
    /// </summary>
    public static async Task<(bool UseContainers, string Notice, string? Runtime)> DecideAsync(IConfiguration configuration, IProcessRunner runner,
        bool isRunMode = true, IEnumerable<string>? commands = null)
    {
        switch (ReadMode(configuration))
        {
            case ContainerRuntimeMode.On:
                return (true, $"Containers on ({ConfigurationKey}=on): Qdrant, Elasticsearch and PostgreSQL+pgvector run as containers.", null);
            case ContainerRuntimeMode.Off:
                return (false, $"Containers off ({ConfigurationKey}=off): running without a container runtime.", null);
        }
        if (!isRunMode)
            return (true, $"Publishing ({ConfigurationKey}=auto): Qdrant, Elasticsearch and PostgreSQL+pgvector are described as containers.", null);
        var (found, _) = await ContainerRuntimeProbe.FindAsync(runner, commands ?? ContainerRuntimeProbe.DefaultCommands, ProbeTimeout);
        return found is null
            ? (false, "No container runtime answers (docker info / podman info): running without containers; "
                + $"Qdrant, Elasticsearch and the PostgreSQL container are left out (set {ConfigurationKey}=on to force them).", null)
            : (true, $"Container runtime found ({found}): Qdrant, Elasticsearch and PostgreSQL+pgvector run as containers.", found);
    }
}
