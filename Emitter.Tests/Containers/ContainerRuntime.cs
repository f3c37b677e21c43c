using Emitter.Processes;

namespace Emitter.Tests.Containers;

/// <summary>
/// The docker or podman CLI, if one answers <c>info</c> (a client without a daemon does not).
/// Tests that need real servers ask once; without a runtime they skip with the reason.
/// </summary>
public sealed class ContainerRuntime
{
    private static readonly Lazy<(ContainerRuntime? Runtime, string Reason)> Probe = new(Find);

    private ContainerRuntime(string cli) => Cli = cli;

    public string Cli { get; }

    /// <summary>The runtime, or a skip with why there is none.</summary>
    public static ContainerRuntime Require()
    {
        var (runtime, reason) = Probe.Value;
        if (runtime is null) Assert.Skip(reason);
        return runtime;
    }

    public async Task<string> RunAsync(TimeSpan timeout, params string[] args)
    {
        var result = await ProcessRunner.Instance.RunAsync(new ProcessRequest(Cli, args) { Timeout = timeout });
        if (!result.Succeeded) throw new InvalidOperationException($"{Cli} {args[0]} failed ({result.ExitCode?.ToString() ?? "did not run"}): {result.Error.Trim()}");
        return result.Output.Trim();
    }

    private static (ContainerRuntime?, string) Find()
    {
        var (cli, reasons) = ContainerRuntimeProbe.FindAsync(ProcessRunner.Instance, ContainerRuntimeProbe.DefaultCommands, TimeSpan.FromSeconds(20))
            .GetAwaiter().GetResult();
        return cli is null
            ? (null, "no container runtime answers, so no real server can be started: " + reasons)
            : (new ContainerRuntime(cli), "");
    }
}
