using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Emitter.AppHost;
using Emitter.Tests.Processes;
using Microsoft.Extensions.DependencyInjection;

namespace Emitter.Tests.AppHost;

/// <summary>Building the app host's model runs no program: that waits for a run to start the resources.</summary>
public sealed class AppHostModelTests
{
    [Fact]
    public async Task APublishRunsNoProgramAndDescribesContainers()
    {
        var runner = new RecordingProcessRunner();
        var builder = await EmitterAppModel.CreateAsync(() => DistributedApplicationTestingBuilder.Create("--operation", "publish", "--Emitter:ContainerRuntime=auto"), runner);
        Assert.True(builder.ExecutionContext.IsPublishMode);
        await using var app = builder.Build();

        Assert.Empty(runner.Requests);
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        Assert.Contains(model.Resources, r => r is PostgresServerResource);
        Assert.DoesNotContain(model.Resources, r => r is LocalPgVectorResource);
    }

    [Fact]
    public async Task ARunWithoutContainersRunsNothingUntilItStarts()
    {
        await PgVectorProvisioning.EnsureInstalledAsync(TestContext.Current.CancellationToken);
        var dataDirectory = $"/var/tmp/emitter-apphost-model-test-{Guid.NewGuid():N}";
        var runner = new RecordingProcessRunner();
        var builder = await EmitterAppModel.CreateAsync(() => DistributedApplicationTestingBuilder.Create("--Emitter:ContainerRuntime=off", $"--Emitter:PgVector:DataDirectory={dataDirectory}"), runner);
        Assert.True(builder.ExecutionContext.IsRunMode);
        await using var app = builder.Build();

        Assert.Empty(runner.Requests);
        Assert.False(Directory.Exists(dataDirectory), "the data directory was created while the model was built");
        Assert.Contains(app.Services.GetRequiredService<DistributedApplicationModel>().Resources, r => r is LocalPgVectorResource);
    }
}
