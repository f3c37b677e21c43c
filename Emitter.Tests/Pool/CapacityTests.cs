using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Tests.Pool;

public class CapacityTests
{
    private static readonly Dictionary<string, Slot> Catalog = new()
    {
        ["svc"] = new WordSlot("api", "db"),
        ["n"] = new NumberSlot(1, 3),
        ["id"] = CodeSlot.Repeat("id-", "ab", 2),
        ["pair"] = new CompositeSlot(new SlotPattern("{svc}/{n}", new Dictionary<string, Slot> { ["svc"] = new WordSlot("x", "y"), ["n"] = new NumberSlot(7, 8) })),
    };

    // 6 + 6 + 4 + 6 + 8 + 4 = 34 messages; the ERROR level holds only 8 + 4.
    private static readonly TemplateSet Small = new(
    [
        new MessageTemplate(LogLevel.Debug, "{svc} lookup {n}", Catalog),
        new MessageTemplate(LogLevel.Info, "{svc} done in {n}ms", Catalog),
        new MessageTemplate(LogLevel.Info, "served {id}", Catalog),
        new MessageTemplate(LogLevel.Warn, "{svc} slow {n}", Catalog),
        new MessageTemplate(LogLevel.Error, "{svc} failed {id}", Catalog),
        new MessageTemplate(LogLevel.Error, "lost {pair}", Catalog),
    ]);

    [Fact]
    public void Capacity_is_the_product_of_slot_sizes_summed_over_templates()
    {
        Assert.Equal(34, Small.Capacity);
        Assert.Equal([6L, 10L, 6L, 12L], LogLevels.All.Select(Small.CapacityFor));
        Assert.Equal(34, Enumerate(Small).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    public void Size_equal_to_capacity_returns_every_message_exactly_once(ulong seed)
    {
        var pool = MessagePoolBuilder.Build(Small, 34, seed);

        Assert.Equal(Enumerate(Small).Order(StringComparer.Ordinal), pool.Messages.Select(m => m.Text).Order(StringComparer.Ordinal));
        Assert.Equal(6, pool.ForLevel(LogLevel.Debug).Count);
    }

    [Fact]
    public void One_more_than_capacity_throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MessagePoolBuilder.Build(Small, 35, seed: 1));

    [Fact]
    public void A_level_short_of_its_share_gives_the_rest_to_the_others()
    {
        // 30 split evenly is 7 or 8 a level, but DEBUG and WARN only have 6 each.
        var pool = MessagePoolBuilder.Build(Small, 30, seed: 9);

        Assert.Equal([6, 9, 6, 9], LogLevels.All.Select(l => pool.ForLevel(l).Count));
        Assert.Equal(30, pool.Messages.Select(m => m.Text).Distinct().Count());
    }

    [Fact]
    public void Templates_of_a_level_share_it_evenly()
    {
        // ERROR's 9 over templates of 8 and 4 messages: 4 from the small one (full), 5 from the other.
        var error = MessagePoolBuilder.Build(Small, 30, seed: 9).ForLevel(LogLevel.Error);

        Assert.Equal(4, error.Count(m => m.Text.StartsWith("lost ", StringComparison.Ordinal)));
        Assert.Equal(5, error.Count(m => m.Text.Contains(" failed ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_default_template_gets_a_message_once_each_can()
    {
        var pool = MessagePoolBuilder.Build(LevelTemplates.All.Count * 3, seed: 4);
        var literals = LevelTemplates.All.Select(t => (Template: t, Words: t.Pattern.Literals.Where(l => l.Length > 3).ToArray()));

        // Each template's literal text appears in three messages of its level (or more, if shared).
        foreach (var (template, words) in literals)
        {
            Assert.True(pool.ForLevel(template.Level).Count(m => words.All(w => m.Text.Contains(w, StringComparison.Ordinal))) >= 3, template.ToString());
        }
    }

    [Fact]
    public void A_level_without_templates_is_refused() =>
        Assert.Throws<ArgumentException>(() => new TemplateSet([new MessageTemplate(LogLevel.Info, "{svc}", Catalog)]));

    private static IEnumerable<string> Enumerate(TemplateSet set) =>
        LogLevels.All.SelectMany(set.For).SelectMany(t => Enumerable.Range(0, (int)t.Capacity).Select(i => t.Render(i)));
}
