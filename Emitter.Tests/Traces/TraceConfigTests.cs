using static Emitter.Tests.Configuration.StdoutConfig;

namespace Emitter.Tests.Traces;

public class TraceConfigTests
{
    private const string Services = """
        services:
          - {name: api-gateway, rate_per_sec: 10}
          - {name: order-service, rate_per_sec: 10}
          - {name: payment-service, rate_per_sec: 10}
        """;

    [Fact]
    public void A_traces_section_reads_the_graph_turns_voices_on_and_adds_the_upstream_lines()
    {
        var config = Load(Services + """

            traces:
              share: 0.25
              calls:
                api-gateway: [order-service]
                order-service: [payment-service]
            """);

        Assert.Equal(0.25, config.Traces!.Share);
        Assert.Equal(["api-gateway"], config.Traces.Roots);
        Assert.Equal(3, config.Traces.SpansFrom("api-gateway"));
        Assert.Equal(["gateway", "orders", "payments"], config.Services.Select(s => s.Kind));
        Assert.Contains("upstream", config.PoolLayout.Groups);
    }

    [Fact]
    public void Without_a_traces_section_there_are_none() => Assert.Null(Load(Services).Traces);

    [Theory]
    [InlineData("  share: 1.5\n  calls: {api-gateway: [order-service]}", "emitter-test.yaml:6: traces.share: must be between 0 and 1")]
    [InlineData("  calls:\n    api-gateway: [billing]", "emitter-test.yaml:7: traces.calls.api-gateway: calls 'billing', which is no service")]
    [InlineData("  calls:\n    billing: [api-gateway]", "emitter-test.yaml:7: traces.calls.billing: no service named 'billing'")]
    [InlineData("  calls:\n    api-gateway: [api-gateway]", "emitter-test.yaml:7: traces.calls.api-gateway: a service cannot call itself")]
    [InlineData("  calls:\n    api-gateway: [order-service]\n    order-service: [payment-service]\n    payment-service: [api-gateway]",
        "emitter-test.yaml:7: traces.calls.api-gateway: the call graph has a cycle: api-gateway -> order-service -> payment-service -> api-gateway")]
    [InlineData("  share: 0.5", "emitter-test.yaml:6: traces.calls: missing: the call graph")]
    public void A_bad_graph_is_refused_with_file_line_and_key(string traces, string expected) =>
        Assert.StartsWith(expected, Refused(Services + "\ntraces:\n" + traces + "\n"), StringComparison.Ordinal);
}
