using Emitter.AppHost.ContainerRuntime;
using Emitter.Processes;
using Emitter.Tests.Processes;
using Microsoft.Extensions.Configuration;

namespace Emitter.Tests.AppHost;

public sealed class ContainerRuntimeChoiceTests
{
    [Theory]
    [InlineData(null, ContainerRuntimeMode.Auto)]
    [InlineData("auto", ContainerRuntimeMode.Auto)]
    [InlineData("ON", ContainerRuntimeMode.On)]
    [InlineData(" off ", ContainerRuntimeMode.Off)]
    public void ReadsTheSwitch(string? value, ContainerRuntimeMode expected) =>
        Assert.Equal(expected, ContainerRuntimeChoice.ReadMode(Configuration(value)));

    [Theory]
    [InlineData("yes")]
    [InlineData("2")]
    public void RefusesAnythingElseNamingTheKey(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ContainerRuntimeChoice.ReadMode(Configuration(value)));
        Assert.Contains("Emitter:ContainerRuntime must be auto, on or off", error.Message);
    }

    [Theory]
    [InlineData("on", true)]
    [InlineData("off", false)]
    public async Task ForcedModesDoNotProbe(string value, bool expected)
    {
        // Every runtime would answer: a forced mode must not even ask.
        var runner = new RecordingProcessRunner();
        var (useContainers, _, runtime) = await ContainerRuntimeChoice.DecideAsync(Configuration(value), runner);
        Assert.Equal(expected, useContainers);
        Assert.Null(runtime);
        Assert.Empty(runner.Requests);
    }

    [Fact]
    public async Task AutoUsesTheFirstRuntimeThatAnswers()
    {
        var (useContainers, _, runtime) = await ContainerRuntimeChoice.DecideAsync(Configuration(null), ProcessRunner.Instance, commands: ["emitter-no-such-runtime", "false", "true"]);
        Assert.True(useContainers);
        Assert.Equal("true", runtime);
    }

    [Fact]
    public async Task AutoWithoutAnAnsweringRuntimeSaysSo()
    {
        var (useContainers, notice, _) = await ContainerRuntimeChoice.DecideAsync(Configuration("auto"), ProcessRunner.Instance, commands: ["emitter-no-such-runtime", "false"]);
        Assert.False(useContainers);
        Assert.StartsWith("No container runtime answers", notice);
    }

    private static IConfiguration Configuration(string? mode) => new ConfigurationBuilder()
        .AddInMemoryCollection(mode is null ? [] : [new(ContainerRuntimeChoice.ConfigurationKey, mode)])
        .Build();
}
