using HdrHistogram;
using HdrHistogram.Utilities;

namespace Emitter.Generator.Bench.Measurement;

/// <summary>
/// Latencies in microseconds in an HDR histogram (HdrHistogram.NET): constant memory, constant
/// relative precision, whatever the count. Written from many queries at once, hence the lock.
/// </summary>
public sealed class LatencyHistogram(int significantDigits = 3)
{
    /// <summary>An hour: anything longer is recorded as an hour (a query that long has failed in every way that matters).</summary>
    private const long HighestMicros = 3_600_000_000L;

    private readonly Lock _gate = new();
    private readonly LongHistogram _histogram = new(1, HighestMicros, significantDigits);

    private LatencyHistogram(LongHistogram histogram) : this((int)histogram.NumberOfSignificantValueDigits) => _histogram = histogram;

    public long Count
    {
        get
        {
            lock (_gate) return _histogram.TotalCount;
        }
    }

    public void Record(TimeSpan latency)
    {
        var micros = Math.Clamp(latency.Ticks / TimeSpan.TicksPerMicrosecond, 1, HighestMicros);
        lock (_gate) _histogram.RecordValue(micros);
    }

    /// <summary>How many took <paramref name="threshold"/> or longer (to the histogram's precision).</summary>
    public long CountAtOrAbove(TimeSpan threshold)
    {
        var micros = threshold.Ticks / TimeSpan.TicksPerMicrosecond;
        lock (_gate) return _histogram.RecordedValues().Where(v => v.ValueIteratedTo >= micros).Sum(v => v.CountAtValueIteratedTo);
    }

    /// <summary>Adds every value of <paramref name="other"/> (to merge cells into one figure).</summary>
    public void Add(LatencyHistogram other)
    {
        LongHistogram copy;
        lock (other._gate) copy = (LongHistogram)other._histogram.Copy();
        lock (_gate) _histogram.Add(copy);
    }

    /// <summary>
    /// Whether the value at <paramref name="percentile"/> of <paramref name="total"/> values is one
    /// of the censored ones, when the top <paramref name="total"/> - <paramref name="uncensored"/>
    /// values are censored (recorded at the timeout, the largest value a query can report): the
    /// rank HdrHistogram reads the percentile at (ceil(p/100 x total), at least 1) lies among them.
    /// </summary>
    public static bool Censored(long total, long uncensored, double percentile) =>
        total > uncensored && Math.Max(1, (long)Math.Ceiling(percentile / 100 * total)) > uncensored;

    public LatencySnapshot Snapshot()
    {
        lock (_gate)
        {
            if (_histogram.TotalCount == 0) return LatencySnapshot.Empty;
            return new LatencySnapshot(
                _histogram.TotalCount,
                Ms(_histogram.GetValueAtPercentile(50)),
                Ms(_histogram.GetValueAtPercentile(90)),
                Ms(_histogram.GetValueAtPercentile(95)),
                Ms(_histogram.GetValueAtPercentile(99)),
                Ms(_histogram.GetMaxValue()));
        }
    }

    /// <summary>
    /// The histogram in HdrHistogram's standard compressed encoding (V2, deflated), base64: what
    /// every HdrHistogram implementation reads, so shards merge exactly and any percentile can be recomputed.
    /// </summary>
    public string Encode()
    {
        lock (_gate)
        {
            var buffer = ByteBuffer.Allocate(_histogram.GetNeededByteBufferCapacity());
            var length = _histogram.EncodeIntoCompressedByteBuffer(buffer);
            buffer.Position = 0;
            var bytes = new byte[length];
            for (var i = 0; i < length; i++) bytes[i] = buffer.Get();
            return Convert.ToBase64String(bytes);
        }
    }

    /// <summary>Reads <see cref="Encode"/>'s text; a <see cref="FormatException"/> when it is not one.</summary>
    public static LatencyHistogram Decode(string encoded)
    {
        HistogramBase decoded;
        try
        {
            decoded = HistogramEncoding.DecodeFromCompressedByteBuffer(ByteBuffer.Allocate(Convert.FromBase64String(encoded)), 0);
        }
        catch (Exception e) when (e is not FormatException and not OutOfMemoryException)
        {
            throw new FormatException($"not an HdrHistogram compressed encoding ({e.Message})", e);
        }
        var copy = new LongHistogram(1, HighestMicros, decoded.NumberOfSignificantValueDigits);
        copy.Add(decoded);
        return new LatencyHistogram(copy);
    }

    private static double Ms(long micros) => Math.Round(micros / 1000.0, 3);
}

/// <summary>Percentiles in milliseconds (HDR-rounded to 3 significant digits).</summary>
public sealed record LatencySnapshot(long Count, double P50Ms, double P90Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static readonly LatencySnapshot Empty = new(0, 0, 0, 0, 0, 0);
}
