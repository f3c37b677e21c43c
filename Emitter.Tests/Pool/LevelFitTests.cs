using System.Text.RegularExpressions;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Tests.Pool;

/// <summary>
/// Each level reads as its level. The word lists are what a reader takes as the tone of a log
/// line; every ERROR line must carry a failure word and no success word, every WARN line a
/// degradation word and no failure word, and INFO and DEBUG lines neither.
/// </summary>
public partial class LevelFitTests
{
    // "exception" also inside CamelCase type names such as NullReferenceException.
    [GeneratedRegex(@"\b(fail|failed|failing|failure|refused|timed out|timeout|error|errors|denied|unreachable|unavailable|crash|crashed|panic|fatal|abort|aborted|deadlock|lost|dead-letter|oomkilled|corrupt|corrupted|cannot|bad gateway|expired|rolled back|dropped|unhandled)\b|exception", RegexOptions.IgnoreCase)]
    private static partial Regex FailureWords();

    [GeneratedRegex(@"\b(slow|above|exceeds|exceeded|approaching|near|high|retry|retrying|degraded|throttled|deprecated|lag|backlog|behind|expires|half-open|falling back|fallback|flagged|longer than usual|threshold|pressure|quota|pause|bad request|unauthorized|forbidden|not found|conflict|unprocessable|too many requests)\b", RegexOptions.IgnoreCase)]
    private static partial Regex WarningWords();

    [GeneratedRegex(@"\b(ok|completed|succeeded|success|successful|successfully|served|passed|approved|healthy|finished|captured|placed|published|uploaded|sent|generated|inserted|committed|enabled|loaded|signed in)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SuccessWords();

    // 30,000 a level: about 1,500 a template, enough to show every word of every list.
    private static readonly Lazy<MessagePool> Pool = new(() => MessagePoolBuilder.Build(120_000, seed: 11));

    // Every voice group at once (the upstream lines too), about as many messages a template.
    private static readonly Lazy<MessagePool> Voices = new(() =>
        PoolLayout.Voices(ServiceDomains.Kinds, upstream: true).Build(120_000, seed: 11));

    private static MessagePool PoolOf(bool voices) => voices ? Voices.Value : Pool.Value;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Info_reads_as_success_never_as_failure_or_degradation(bool voices)
    {
        var info = PoolOf(voices).ForLevel(LogLevel.Info);

        Assert.All(info, m => Assert.DoesNotMatch(FailureWords(), m.Text));
        Assert.All(info, m => Assert.DoesNotMatch(WarningWords(), m.Text));
        Assert.True(info.Count(m => SuccessWords().IsMatch(m.Text)) > info.Count / 2);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Debug_reads_as_internals_never_as_failure_or_degradation(bool voices)
    {
        var debug = PoolOf(voices).ForLevel(LogLevel.Debug);

        Assert.All(debug, m => Assert.DoesNotMatch(FailureWords(), m.Text));
        Assert.All(debug, m => Assert.DoesNotMatch(WarningWords(), m.Text));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_warning_names_a_degradation_and_no_failure(bool voices)
    {
        var warn = PoolOf(voices).ForLevel(LogLevel.Warn);

        Assert.All(warn, m => Assert.Matches(WarningWords(), m.Text));
        Assert.All(warn, m => Assert.DoesNotMatch(FailureWords(), m.Text));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_error_names_a_failure_and_no_success(bool voices)
    {
        var error = PoolOf(voices).ForLevel(LogLevel.Error);

        Assert.All(error, m => Assert.Matches(FailureWords(), m.Text));
        Assert.All(error, m => Assert.DoesNotMatch(SuccessWords(), m.Text));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Status_codes_match_their_level(bool voices)
    {
        // A 5xx only in ERROR, a 4xx only in WARN, a 2xx only in INFO: read off "-> 503" style access lines too.
        foreach (var message in PoolOf(voices).Messages)
        {
            foreach (Match code in StatusCode().Matches(message.Text))
            {
                var expected = code.Groups[1].Value[0] switch { '2' => LogLevel.Info, '4' => LogLevel.Warn, _ => LogLevel.Error };
                Assert.True(expected == message.Level, $"{message.Level.Name()}: {message.Text}");
            }
        }
    }

    [GeneratedRegex(@"(?:-> |completed |responded |failed with |returned (?=\d{3} [A-Z]))([245]\d\d)\b")]
    private static partial Regex StatusCode();
}
