using static Emitter.Tests.Configuration.StdoutConfig;

namespace Emitter.Tests.Voices;

public class VoiceConfigTests
{
    private const string TwoServices = """
        services:
          - name: payment-service
            rate_per_sec: 10
          - name: edge
            rate_per_sec: 10
        """;

    [Fact]
    public void Without_voices_or_kinds_no_service_has_a_kind_and_the_pool_is_the_default()
    {
        var config = Load(TwoServices);

        Assert.All(config.Services, s => Assert.Null(s.Kind));
        Assert.True(config.PoolLayout.IsDefault);
    }

    [Fact]
    public void Voices_true_infers_every_kind_from_the_name()
    {
        var config = Load("voices: true\n" + TwoServices);

        Assert.Equal(["payments", "gateway"], config.Services.Select(s => s.Kind));
        Assert.Equal(["shared", "gateway", "payments"], config.PoolLayout.Groups);
    }

    [Fact]
    public void A_declared_kind_turns_voices_on_and_beats_the_name()
    {
        var config = Load("""
            services:
              - name: payment-service
                rate_per_sec: 10
                kind: Search
              - name: billing-worker
                rate_per_sec: 10
            """);

        Assert.Equal(["search", "payments"], config.Services.Select(s => s.Kind));
    }

    [Fact]
    public void An_unknown_kind_is_refused_with_the_list()
    {
        var message = Refused("""
            services:
              - name: payment-service
                rate_per_sec: 10
                kind: billing
            """);

        Assert.Equal("emitter-test.yaml:4: services[0].kind: unknown kind 'billing' (expected one of payments, orders, inventory, auth, search, notifications, gateway, worker, generic)", message);
    }

    [Fact]
    public void A_kind_with_voices_false_is_refused()
    {
        var message = Refused("""
            voices: false
            services:
              - name: payment-service
                rate_per_sec: 10
                kind: payments
            """);

        Assert.Equal("emitter-test.yaml:5: services[0].kind: a kind needs voices: remove 'voices: false' or the kind", message);
    }

    [Fact]
    public void A_pool_smaller_than_one_message_per_level_and_group_is_refused()
    {
        var message = Refused("voices: true\nmessage_pool_size: 11\n" + TwoServices);

        Assert.StartsWith("emitter-test.yaml:2: message_pool_size: must be at least 12 with voices", message, StringComparison.Ordinal);
    }
}
