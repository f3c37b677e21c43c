using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Emitter.AppHost;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Emitter.Generator.Stores.Elasticsearch;
using Emitter.Generator.Stores.OpenSearch;
using Emitter.Tests.Processes;
using Microsoft.Extensions.DependencyInjection;

namespace Emitter.Tests.AppHost;

/// <summary>
/// The app host puts the Elasticsearch and OpenSearch passwords it generates into
/// <c>http://user:password@host:port</c> unescaped. That holds only because Aspire's generator
/// leaves out URL delimiters: every password it makes with these resources' settings must come
/// back whole from the generator's parsing of the injected connection string.
/// </summary>
public sealed class GeneratedPasswordTests
{
    private const int Passwords = 2_000;

    [Theory]
    [InlineData("elasticsearch")]
    [InlineData("opensearch")]
    public async Task Every_generated_password_survives_the_injected_connection_string(string name)
    {
        var builder = await EmitterAppModel.CreateAsync(() => DistributedApplicationTestingBuilder.Create("--operation", "publish", "--Emitter:ContainerRuntime=on"), new RecordingProcessRunner());
        await using var app = builder.Build();
        var resource = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<IResourceWithConnectionString>().Single(r => r.Name == name);
        var expression = resource.ConnectionStringExpression;
        var parameter = expression.ValueProviders.OfType<ParameterResource>().Single();
        var generate = Assert.IsType<GenerateParameterDefault>(parameter.Default);
        Assert.True(generate.Special, "the test is about special characters");

        var specialsSeen = new HashSet<char>();
        for (var i = 0; i < Passwords; i++)
        {
            var password = generate.GetDefaultValue();
            specialsSeen.UnionWith(password.Where(c => !char.IsLetterOrDigit(c)));
            // The expression as Aspire resolves it: the parameter's value and the endpoint's host:port.
            var connectionString = string.Format(expression.Format,
                [.. expression.ValueProviders.Select(v => v == parameter ? password : (object)"localhost:9200")]);
            var (user, bound) = Bind(name, connectionString);
            Assert.True(bound == password, $"password {i} came back changed from {connectionString}");
            Assert.False(string.IsNullOrEmpty(user));
        }
        Assert.NotEmpty(specialsSeen);
        TestContext.Current.TestOutputHelper?.WriteLine($"special characters seen: {string.Concat(specialsSeen.Order())}");
    }

    private static (string? User, string? Password) Bind(string name, string connectionString)
    {
        var loader = new ConfigLoader(_ => null, key => key == $"ConnectionStrings:{name}" ? connectionString : null, SinkCatalog.Default.Types);
        using var file = new TempConfig("services:\n  - name: api\n    rate_per_sec: 100\n");
        var settings = loader.Load(file.Path, new ConfigOverrides()).Sinks.Single(s => s.Type == name).Settings;
        if (name == "opensearch")
        {
            var options = OpenSearchSinkOptions.Bind(settings);
            return (options.User, options.Password);
        }
        var es = ElasticsearchSinkOptions.Bind(settings);
        return (es.User, es.Password);
    }
}
