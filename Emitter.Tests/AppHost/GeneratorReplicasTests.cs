using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Emitter.Tests.AppHost;

/// <summary>Emitter:Replicas=3 gives three generator resources, one shard each, with one seed and start time and the same servers wired.</summary>
public class GeneratorReplicasTests
{
    [Fact]
    public async Task Three_replicas_run_shards_0_1_2_of_3_against_the_same_store()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Emitter_AppHost>(
        [
            "--Emitter:Replicas=3",
            "--Emitter:Seed=42",
            "--Emitter:ContainerRuntime=off",
            "--Emitter:PgVector:LocalServer=false",
            "--ConnectionStrings:pgvector=Host=127.0.0.1;Port=1;Database=emitter;Username=bench",
        ], ct);

        var generators = builder.Resources.OfType<ProjectResource>().Where(r => r.Name.StartsWith("generator", StringComparison.Ordinal)).OrderBy(r => r.Name).ToList();
        Assert.Equal(["generator-0", "generator-1", "generator-2"], generators.Select(g => g.Name));
        var args = new List<List<string>>();
        foreach (var generator in generators)
        {
            var values = new List<object>();
            var context = new CommandLineArgsCallbackContext(values, generator, ct);
            foreach (var callback in generator.Annotations.OfType<CommandLineArgsCallbackAnnotation>()) await callback.Callback(context);
            args.Add([.. values.Select(v => v.ToString()!)]);
        }
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal($"{i}/3", args[i][args[i].IndexOf("--shard") + 1]);
            Assert.Equal("42", args[i][args[i].IndexOf("--seed") + 1]);
            Assert.Equal(args[0][args[0].IndexOf("--start-at") + 1], args[i][args[i].IndexOf("--start-at") + 1]);
            // Every replica references the pgvector store the topology wired into the first.
            Assert.Contains(generators[i].Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Resource.Name == "pgvector");
        }
    }
}
