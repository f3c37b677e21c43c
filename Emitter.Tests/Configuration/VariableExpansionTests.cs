using Emitter.Generator.Configuration;
using Emitter.Generator.Stores;

namespace Emitter.Tests.Configuration;

/// <summary>
/// <c>${VAR}</c> is expanded in each value after the YAML is parsed: whatever a variable holds
/// stays one value (a '#', a leading '*' or '&amp;', a ': '), never YAML syntax, and a refused
/// value that came from a variable is named by its variable, not printed.
/// </summary>
public class VariableExpansionTests
{
    private const string Services = "services:\n  - name: api\n    rate_per_sec: 100\n";

    private static EmitterConfig Load(string yaml, Dictionary<string, string> env)
    {
        using var file = new TempConfig(yaml);
        var loader = new ConfigLoader(name => env.GetValueOrDefault(name), _ => null, SinkCatalog.Default.TypesOf(SinkTypes.Stdout, SinkTypes.PgVector));
        return loader.Load(file.Path, new ConfigOverrides());
    }

    private static string PasswordOf(string value) =>
        Load("sinks:\n  - type: pgvector\n    host: db\n    password: ${PG_PASSWORD}   # a comment\n" + Services, new() { ["PG_PASSWORD"] = value })
            .Sinks[0].Settings.String("password")!;

    [Theory]
    [InlineData("abc #1")]
    [InlineData("*secret")]
    [InlineData("&anchor tail")]
    [InlineData("a: b, [c] {d}")]
    [InlineData("'quoted\" both")]
    [InlineData("line one\nline two")]
    public void A_variable_stays_one_value_whatever_it_holds(string value) => Assert.Equal(value, PasswordOf(value));

    [Fact]
    public void A_refused_value_from_a_variable_names_the_variable_not_its_value()
    {
        using var file = new TempConfig("buffer_size: ${BUFFER}\n" + Services);
        var loader = new ConfigLoader(_ => "*hunter2-secret", _ => null, SinkCatalog.Default.TypesOf(SinkTypes.Stdout));

        var error = Assert.Throws<ConfigException>(() => loader.Load(file.Path, new ConfigOverrides()));

        Assert.StartsWith("emitter-test.yaml:1: buffer_size:", error.Message);
        Assert.Contains("${BUFFER}", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void Quoted_values_expand_and_an_escape_writes_the_reference_as_text()
    {
        var config = Load("seed: \"${SEED}\"\nservices:\n  - name: '$${HOME}-${SUFFIX:-x}'\n    rate_per_sec: ${RATE:-5}\n", new() { ["SEED"] = "7" });

        Assert.Equal(7UL, config.Seed);
        Assert.Equal("${HOME}-x", config.Services[0].Name);
        Assert.Equal(5, config.Services[0].RatePerSec);
    }

    [Fact]
    public void An_unset_variable_in_a_block_value_is_named_with_its_line()
    {
        using var file = new TempConfig("embedding:\n  model: >-\n    text-${MODEL_SUFFIX}\n" + Services);
        var loader = new ConfigLoader(_ => null, _ => null, SinkCatalog.Default.TypesOf(SinkTypes.Stdout));

        var error = Assert.Throws<ConfigException>(() => loader.Load(file.Path, new ConfigOverrides()));

        Assert.StartsWith("emitter-test.yaml:3: ${MODEL_SUFFIX}: environment variable MODEL_SUFFIX is not set", error.Message);
    }
}
