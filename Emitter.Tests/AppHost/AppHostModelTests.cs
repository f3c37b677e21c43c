using System.Text.RegularExpressions;
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

    [Theory]
    [InlineData("auto")]
    [InlineData("off")]
    public async Task EveryReferenceInAPublishedConnectionStringNamesAResourceOfTheModel(string containerRuntime)
    {
        if (containerRuntime == "off") await PgVectorProvisioning.EnsureInstalledAsync(TestContext.Current.CancellationToken);
        var builder = await EmitterAppModel.CreateAsync(() => DistributedApplicationTestingBuilder.Create("--operation", "publish", $"--Emitter:ContainerRuntime={containerRuntime}"), new RecordingProcessRunner());
        await using var app = builder.Build();

        var resources = app.Services.GetRequiredService<DistributedApplicationModel>().Resources;
        var withConnectionStrings = resources.OfType<IResourceWithConnectionString>().ToList();
        Assert.Contains(withConnectionStrings, r => r.Name == "pgvector");
        foreach (var resource in withConnectionStrings)
        {
            // What the manifest writer can write: the model's resources and, as Aspire's
            // ManifestPublishingContext.TryAddDependentResources does, every resource a value refers to.
            var written = resources.Select(r => r.Name).Concat(Referenced(resource.ConnectionStringExpression).Select(r => r.Name)).ToHashSet();
            var expression = resource.ConnectionStringExpression.ValueExpression;
            foreach (var reference in Regex.Matches(expression, @"\{([^{}.]+)\.").Select(m => m.Groups[1].Value))
                Assert.True(written.Contains(reference), $"{resource.Name}'s connection string {expression} names '{reference}', which the manifest would lack");
        }
        if (containerRuntime == "off")
        {
            var password = Referenced(resources.OfType<LocalPgVectorResource>().Single().ConnectionStringExpression).OfType<ParameterResource>().Single();
            Assert.Equal("pgvector-password", password.Name);
            Assert.True(password.Secret);
        }
    }

    private static IEnumerable<IResource> Referenced(object value) => value switch
    {
        IResource resource => [resource],
        IValueWithReferences withReferences => withReferences.References.SelectMany(Referenced),
        _ => [],
    };

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
