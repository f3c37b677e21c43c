using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Elasticsearch;
using Emitter.AppHost;

namespace Emitter.Tests.AppHost;

/// <summary>The app host's Elasticsearch container is declared with the one shared configuration the container tests start too.</summary>
public class ElasticsearchResourceTests
{
    [Fact]
    public async Task The_app_hosts_elasticsearch_runs_the_shared_image_and_environment_with_security_and_the_trial_licence()
    {
        var builder = DistributedApplication.CreateBuilder();
        var elasticsearch = builder.AddElasticsearch("elasticsearch");

        // The environment as the orchestrator gathers it: every callback the resource was given, in a run.
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), elasticsearch.Resource,
            new Dictionary<string, object>(), TestContext.Current.CancellationToken);
        foreach (var annotation in elasticsearch.Resource.Annotations.OfType<EnvironmentCallbackAnnotation>()) await annotation.Callback(context);
        var environment = context.EnvironmentVariables;

        foreach (var (key, value) in ElasticsearchContainerSettings.Environment) Assert.Equal(value, environment[key]);
        Assert.Equal(("true", "trial"), (environment["xpack.security.enabled"], environment["xpack.license.self_generated.type"]));
        Assert.Same(elasticsearch.Resource.PasswordParameter, environment["ELASTIC_PASSWORD"]);
        var image = elasticsearch.Resource.Annotations.OfType<ContainerImageAnnotation>().Single();
        Assert.Equal(ServerImages.Elasticsearch, $"{image.Registry}/{image.Image}:{image.Tag}");
    }
}
