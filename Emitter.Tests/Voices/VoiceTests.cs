using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Tests.Voices;

public class VoiceTests
{
    private static readonly double[] Weights = [0.1, 0.7, 0.15, 0.05];

    [Theory]
    [InlineData("payment-service", "payments")]
    [InlineData("payment-gateway", "payments")]
    [InlineData("api-gateway", "gateway")]
    [InlineData("order-service", "orders")]
    [InlineData("checkout-api", "orders")]
    [InlineData("inventory-worker", "inventory")]
    [InlineData("auth-service", "auth")]
    [InlineData("search-api", "search")]
    [InlineData("email_dispatcher", "notifications")]
    [InlineData("nightly-job-runner", "worker")]
    [InlineData("Billing.Worker", "payments")]
    [InlineData("reverse-geocoder", "generic")]
    [InlineData("paymentservice", "generic")] // whole words only: one word matches nothing listed
    public void A_kind_is_inferred_from_the_words_of_the_name(string name, string kind) =>
        Assert.Equal(kind, ServiceDomains.Infer(name));

    [Fact]
    public void Every_group_has_templates_at_every_level()
    {
        foreach (var (group, templates) in DomainTemplates.ByGroup)
        {
            Assert.All(LogLevels.All, level => Assert.Contains(templates, t => t.Level == level));
            Assert.True(templates.Count >= (group == ServiceDomains.Upstream ? 5 : 10), group);
        }
        string[] groups = [.. ServiceDomains.Kinds, ServiceDomains.Shared, ServiceDomains.Upstream];
        Assert.Equal(groups.Order(StringComparer.Ordinal), DomainTemplates.ByGroup.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_voice_pool_is_unique_split_between_its_groups_and_seeded()
    {
        var layout = PoolLayout.Voices(["payments", "orders", "gateway", "orders"], upstream: false);
        var pool = layout.Build(2_000, seed: 42);

        Assert.Equal(["shared", "gateway", "orders", "payments"], layout.Groups);
        Assert.Equal(2_000, pool.Messages.Select(m => m.Text).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Enumerable.Range(0, 2_000), pool.Messages.Select(m => m.Index));
        Assert.All(layout.Groups, g => Assert.Equal(500, pool.Messages.Count(m => m.Group == g)));
        Assert.All(layout.Groups, g => Assert.All(LogLevels.All, l => Assert.InRange(pool.ForGroup(g, l).Count, 124, 126)));
        Assert.Equal(pool.Messages.Select(m => m.Text), layout.Build(2_000, seed: 42).Messages.Select(m => m.Text));
        Assert.NotEqual(pool.Messages.Select(m => m.Text), layout.Build(2_000, seed: 43).Messages.Select(m => m.Text));
    }

    [Fact]
    public void A_voice_pool_is_refused_beyond_its_capacity_or_below_one_message_per_level_and_group()
    {
        var layout = PoolLayout.Voices(["payments"], upstream: true);

        Assert.Equal(12, layout.MinSize);
        Assert.Throws<ArgumentOutOfRangeException>(() => layout.Build(11, seed: 1));
        Assert.Equal(12, layout.Build(12, seed: 1).Messages.Count);
        // Exact: the groups' templates never spell one string twice (AmbiguityTests).
        Assert.Equal(new[] { "shared", "payments", "upstream" }.Sum(g => DomainTemplates.ByGroup[g].Sum(t => t.Capacity)), layout.Capacity);
    }

    [Fact]
    public void Each_service_draws_most_of_its_entries_from_its_own_domain_and_the_rest_from_shared()
    {
        string[] kinds = ["gateway", "orders", "payments", "inventory"];
        var pool = PoolLayout.Voices(kinds, upstream: false).Build(4_000, seed: 3);
        const int Draws = 20_000;
        foreach (var kind in kinds)
        {
            var sequence = new ServiceSequence(new ServiceConfig($"{kind}-svc", 10, Weights, ArrivalProcess.Poisson, kind), pool, 3);
            var groups = Enumerable.Range(0, Draws).Select(_ => sequence.NextMessage().Group).ToList();

            // Binomial(20,000, 0.8): sd 0.0028, so ±0.015 is over 5 sd (p < 1e-6 of a false failure).
            var own = groups.Count(g => g == kind) / (double)Draws;
            Assert.InRange(own, ServiceVoice.OwnDomainShare - 0.015, ServiceVoice.OwnDomainShare + 0.015);
            Assert.Equal(Draws, groups.Count(g => g == kind || g == ServiceDomains.Shared));
        }
    }

    [Fact]
    public void Without_a_kind_a_service_draws_from_every_message_of_the_level()
    {
        var pool = PoolLayout.Voices(["payments"], upstream: false).Build(400, seed: 3);
        var sequence = new ServiceSequence(new ServiceConfig("svc", 10, Weights, ArrivalProcess.Poisson), pool, 3);

        var groups = Enumerable.Range(0, 2_000).Select(_ => sequence.NextMessage().Group).Distinct().Order().ToArray();

        Assert.Equal(["payments", "shared"], groups);
    }
}
