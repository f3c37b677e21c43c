using System.ClientModel.Primitives;
using System.Globalization;

namespace Emitter.Generator.Embedding;

/// <summary>Reads how long a server asked us to wait: retry-after-ms, or Retry-After as seconds or an HTTP date.</summary>
internal static class RetryAfterHeader
{
    /// <summary>The longest wait read from a header: any server's "later" (even 10^12 s, beyond TimeSpan) reads as this; the retry policy caps it further.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    public static TimeSpan? TryRead(PipelineResponseHeaders headers, DateTimeOffset now)
    {
        // OpenAI and Azure OpenAI send the millisecond form; it is the more precise of the two.
        if (headers.TryGetValue("retry-after-ms", out var ms) && TryParseMilliseconds(ms, out var fromMs))
        {
            return fromMs;
        }

        return headers.TryGetValue("Retry-After", out var value) ? Parse(value, now) : null;
    }

    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            return Clamp(seconds * 1000);
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? (wait < Longest ? wait : Longest) : TimeSpan.Zero;
        }

        return null;
    }

    private static bool TryParseMilliseconds(string? value, out TimeSpan wait)
    {
        wait = default;
        if (!double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var ms))
        {
            return false;
        }

        wait = Clamp(ms);
        return true;
    }

    private static TimeSpan Clamp(double milliseconds) =>
        milliseconds < Longest.TotalMilliseconds ? TimeSpan.FromMilliseconds(milliseconds) : Longest;
}
