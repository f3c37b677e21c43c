using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Stores;

namespace Emitter.Tests.Bench;

/// <summary>A bench asks each store only the query modes its index_mode built it for; more is refused at start with one line.</summary>
public class IndexModeBenchTests
{
    private static SinkConfig Sink(string type, string mode) =>
        new(type, type, OnFullPolicy.Block, 16, SinkSettings.Of("bench.yaml", "sinks[0]", [new("url", "http://localhost:6334"), new(IndexModes.Key, mode)]));

    [Theory]
    [InlineData("keyword", SearchMode.Vector)]
    [InlineData("keyword", SearchMode.Hybrid)]
    [InlineData("vector", SearchMode.Keyword)]
    [InlineData("vector", SearchMode.Hybrid)]
    public void A_mode_the_store_was_not_built_for_is_refused_naming_sink_and_mode(string built, SearchMode asked)
    {
        var error = Assert.Throws<ConfigException>(() =>
            SinkCatalog.Default.RefuseUnanswerable([Sink(SinkTypes.Qdrant, built)], [asked], "/tmp/bench.yaml"));
        foreach (var part in new[] { "bench.yaml", "bench.queries.modes", "'qdrant'", $"index_mode: {built}", asked.Name() }) Assert.Contains(part, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("keyword", SearchMode.Keyword)]
    [InlineData("vector", SearchMode.Vector)]
    [InlineData("hybrid", SearchMode.Hybrid)]
    public void The_modes_it_was_built_for_are_asked(string built, SearchMode asked)
    {
        SinkCatalog.Default.RefuseUnanswerable([Sink(SinkTypes.Qdrant, built)], [asked], "/tmp/bench.yaml");
    }
}
