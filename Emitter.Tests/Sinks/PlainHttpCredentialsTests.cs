using Emitter.Tests.Cli;
using Emitter.Tests.Fakes;

namespace Emitter.Tests.Sinks;

/// <summary>
/// Credentials to Elasticsearch or OpenSearch over plain http:// are readable on the wire: the
/// program says so in exactly one line at start, naming the credential, never its value.
/// </summary>
public class PlainHttpCredentialsTests
{
    private const string Secret = "s3cret-Value-42";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Yaml(string cacheDirectory, string sink) => $"""
        message_pool_size: 20
        flush_interval_ms: 100
        embedding:
          cache_dir: {cacheDirectory}
        sinks:
        {sink}
        services:
          - name: api
            rate_per_sec: 20
        """;

    [Theory]
    [InlineData("elasticsearch", "user: elastic\n    password: " + Secret, "the password of user 'elastic'")]
    [InlineData("elasticsearch", "api_key: " + Secret, "an API key (api_key)")]
    [InlineData("opensearch", "user: admin\n    password: " + Secret, "the password of user 'admin'")]
    public async Task Credentials_over_plain_http_give_one_warning_line_without_the_secret(string type, string credentials, string named)
    {
        await using var elasticsearch = await FakeElasticsearchServer.StartAsync(cancellationToken: Ct);
        await using var opensearch = await FakeOpenSearchServer.StartAsync(cancellationToken: Ct);
        var url = type == "elasticsearch" ? elasticsearch.Url : opensearch.Url;
        using var cache = new TempConfig("");

        var (exit, _, errors) = await GeneratorAppTests.RunAsync(Yaml(cache.Directory, $"  - type: {type}\n    url: {url}\n    {credentials}"), "--duration-secs", "0.3");

        Assert.True(exit == 0, errors);
        var warnings = errors.Split('\n').Where(l => l.Contains("over plain http://", StringComparison.Ordinal)).ToList();
        Assert.Single(warnings);
        Assert.Contains(named, warnings[0]);
        Assert.Contains(url.ToString().TrimEnd('/'), warnings[0]);
        Assert.DoesNotContain(Secret, errors);
        TestContext.Current.TestOutputHelper?.WriteLine(warnings[0]);
    }

    [Fact]
    public async Task Without_credentials_plain_http_gives_no_warning()
    {
        await using var elasticsearch = await FakeElasticsearchServer.StartAsync(cancellationToken: Ct);
        using var cache = new TempConfig("");

        var (exit, _, errors) = await GeneratorAppTests.RunAsync(Yaml(cache.Directory, $"  - type: elasticsearch\n    url: {elasticsearch.Url}"), "--duration-secs", "0.3");

        Assert.True(exit == 0, errors);
        Assert.DoesNotContain("over plain http://", errors);
    }
}
