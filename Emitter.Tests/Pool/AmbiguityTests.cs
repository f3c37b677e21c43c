using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Tests.Pool;

public class AmbiguityTests(ITestOutputHelper output)
{
    [Fact]
    public void No_two_default_choices_spell_the_same_message()
    {
        var automaton = new PatternAutomaton(LevelTemplates.All);
        output.WriteLine($"{automaton.StateCount:N0} states");

        Assert.Null(automaton.FindAmbiguity());
    }

    [Fact]
    public void No_two_voice_choices_of_any_groups_spell_the_same_message()
    {
        var automaton = new PatternAutomaton([.. DomainTemplates.All]);
        output.WriteLine($"{automaton.StateCount:N0} states");

        Assert.Null(automaton.FindAmbiguity());
    }

    [Fact]
    public void Finds_a_split_ambiguity_inside_one_template()
    {
        // "x" + "yz" and "xy" + "z" both spell "xyz".
        var catalog = new Dictionary<string, Slot> { ["a"] = new WordSlot("x", "xy"), ["b"] = new WordSlot("yz", "z") };

        var found = new PatternAutomaton([new MessageTemplate(LogLevel.Info, "{a}{b}", catalog)]).FindAmbiguity();

        Assert.NotNull(found);
    }

    [Fact]
    public void Finds_two_templates_spelling_one_message()
    {
        var catalog = new Dictionary<string, Slot> { ["n"] = new NumberSlot(1, 20), ["svc"] = new WordSlot("api", "db") };
        MessageTemplate[] templates =
        [
            new(LogLevel.Info, "{svc} took {n}ms", catalog),
            new(LogLevel.Warn, "db took 1{n}ms", catalog), // "db took 12ms" is also the first one's
        ];

        var found = new PatternAutomaton(templates).FindAmbiguity();

        Assert.NotNull(found);
        Assert.NotSame(found.Value.First, found.Value.Second);
    }

    [Fact]
    public void Accepts_prefix_values_the_literal_after_them_keeps_apart()
    {
        // "1" and "12" share a prefix, but "ms" follows either, so every string has one reading.
        var catalog = new Dictionary<string, Slot> { ["n"] = new NumberSlot(1, 20), ["id"] = CodeSlot.Repeat("", CodeSlot.Hex, 2) };

        Assert.Null(new PatternAutomaton([new MessageTemplate(LogLevel.Info, "{n}ms {id}{n}", catalog)]).FindAmbiguity());
    }
}
