using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Tests.Pool;

public class MessagePoolBuilderTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(10_000)]
    public void Builds_exactly_size_distinct_messages_indexed_by_position(int size)
    {
        var pool = MessagePoolBuilder.Build(size, seed: 42);

        Assert.Equal(size, pool.Messages.Count);
        Assert.Equal(size, pool.Messages.Select(m => m.Text).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Enumerable.Range(0, size), pool.Messages.Select(m => m.Index));
    }

    [Fact]
    public void Same_seed_gives_the_same_sequence_and_other_seeds_differ()
    {
        var first = Texts(MessagePoolBuilder.Build(5_000, seed: 42));

        Assert.Equal(first, Texts(MessagePoolBuilder.Build(5_000, seed: 42)));
        Assert.NotEqual(first, Texts(MessagePoolBuilder.Build(5_000, seed: 43)));
        // Not just reordered: mostly different messages.
        Assert.True(first.Intersect(Texts(MessagePoolBuilder.Build(5_000, seed: 43))).Count() < 500);
    }

    [Fact]
    public void Seed_fixes_the_output_for_good()
    {
        // Guards the cross-run, cross-machine promise. Editing the vocabulary, the sampling or
        // the generator changes every seed's pool: update these lines knowingly when you do.
        string[] expected =
        [
            "INFO published 644 events to shipments.dispatched in 225ms",
            "WARN slow query on price_rules: 9,068ms, 381 rows scanned",
            "ERROR upstream search-api returned 502 Bad Gateway for POST /v1/sessions (req-81f6c9)",
            "WARN circuit breaker half-open for identity-provider, probing with 10 trial calls",
            "ERROR feature flag client timed out after 5s waiting for rabbitmq-0:5672",
            "INFO refund-processor-pz48j GET /api/wishlist -> 200 (507ms)",
            "DEBUG gc gen2 collection took 3ms, heap 346.9MB",
            "DEBUG jwt validated: sub=user-781589 scope=catalog:read ttl=42s",
        ];

        Assert.Equal(expected, MessagePoolBuilder.Build(8, seed: 7).Messages.Select(m => $"{m.Level.Name()} {m.Text}"));
    }

    [Theory]
    [InlineData(4, 1)]
    [InlineData(1_001, 250)]
    [InlineData(40_000, 10_000)]
    public void Every_level_gets_a_roughly_even_share(int size, int atLeast)
    {
        var pool = MessagePoolBuilder.Build(size, seed: 1);

        foreach (var level in LogLevels.All)
        {
            Assert.InRange(pool.ForLevel(level).Count, atLeast, atLeast + 1);
            Assert.All(pool.ForLevel(level), m => Assert.Equal(level, m.Level));
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(3)]
    public void Sizes_below_one_per_level_are_refused(int size) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MessagePoolBuilder.Build(size, seed: 1));

    [Fact]
    public void Capacity_is_the_sum_over_levels_and_large()
    {
        foreach (var template in LevelTemplates.All)
        {
            output.WriteLine($"{template.Capacity,26:N0}  {template}");
        }

        output.WriteLine($"{MessagePoolBuilder.Capacity,26:N0}  in all; " +
            string.Join(", ", LogLevels.All.Select(l => $"{l.Name()} {MessagePoolBuilder.CapacityFor(l):N0}")));
        Assert.Equal(LogLevels.All.Sum(MessagePoolBuilder.CapacityFor), MessagePoolBuilder.Capacity);
        Assert.Equal(LevelTemplates.All.Sum(t => t.Capacity), MessagePoolBuilder.Capacity);
        Assert.All(LogLevels.All, level => Assert.True(MessagePoolBuilder.CapacityFor(level) > 5_000_000));
        Assert.All(LogLevels.All, level => Assert.True(LevelTemplates.All.Count(t => t.Level == level) >= 15));
    }

    [Fact]
    public void A_million_messages_build()
    {
        var pool = MessagePoolBuilder.Build(1_000_000, seed: 2024);

        Assert.Equal(1_000_000, pool.Messages.Count);
        Assert.Equal(1_000_000, pool.Messages.Select(m => m.Text).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("POST /api/orders completed 201 in 48ms (order-48213)", 9)]
    [InlineData("payment-gateway: connection refused to 10.0.3.17:5432 after 3 attempts", 13)]
    [InlineData("", 0)]
    public void Words_are_runs_of_letters_and_digits(string text, int words) =>
        Assert.Equal(words, MessagePoolBuilder.CountWords(text));

    [Fact]
    public void Mean_word_count_averages_the_pool()
    {
        var pool = new MessagePool([new PoolMessage(0, "a b", LogLevel.Info), new PoolMessage(1, "a b c d", LogLevel.Error)]);

        Assert.Equal(3.0, MessagePoolBuilder.MeanWordCount(pool));
        Assert.InRange(MessagePoolBuilder.MeanWordCount(MessagePoolBuilder.Build(2_000, seed: 5)), 6, 20);
    }

    private static string[] Texts(MessagePool pool) => [.. pool.Messages.Select(m => m.Text)];
}
