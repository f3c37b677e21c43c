using Emitter.Generator.Embedding;

namespace Emitter.Tests.Embedding;

public class RetryAfterHeaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("1", 1000)]
    [InlineData(" 20 ", 20000)]
    [InlineData("0.5", 500)]
    [InlineData("Fri, 27 Nov 2026 10:00:07 GMT", 7000)]
    [InlineData("Fri, 27 Nov 2026 09:59:00 GMT", 0)]
    public void Reads_seconds_and_HTTP_dates(string value, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryAfterHeader.Parse(value, Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-3")]
    public void Ignores_what_it_cannot_read(string? value)
    {
        Assert.Null(RetryAfterHeader.Parse(value, Now));
    }

    [Fact]
    public void Backoff_doubles_and_is_capped()
    {
        var policy = new OpenAIRetryPolicy(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

        Assert.InRange(policy.NextDelay(0, null), TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(1.2));
        Assert.InRange(policy.NextDelay(1, null), TimeSpan.FromSeconds(1.6), TimeSpan.FromSeconds(2.4));
        Assert.InRange(policy.NextDelay(2, null), TimeSpan.FromSeconds(3.2), TimeSpan.FromSeconds(4.8));
        Assert.Equal(TimeSpan.FromSeconds(5), policy.NextDelay(10, null));
    }

    [Fact]
    public void The_servers_wait_wins_over_backoff_but_not_over_the_cap()
    {
        var policy = new OpenAIRetryPolicy(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        Assert.InRange(policy.NextDelay(3, TimeSpan.FromSeconds(2)), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.1));
        Assert.Equal(TimeSpan.FromSeconds(30), policy.NextDelay(0, TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData("1000000000000")]
    [InlineData("99999999999999999999")]
    [InlineData("Fri, 31 Dec 9999 23:59:59 GMT")]
    public void A_wait_beyond_any_timer_is_clamped_not_thrown(string value)
    {
        // A server may ask for any wait; it is read as "a long time" (a day), which the retry policy caps further.
        Assert.Equal(TimeSpan.FromDays(1), RetryAfterHeader.Parse(value, Now));
    }
}
