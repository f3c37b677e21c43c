using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator.Embedding;

/// <summary>Counts embedded messages and logs a progress line at most once per interval.</summary>
internal sealed class EmbeddingProgress(ILogger logger, int total, TimeSpan interval)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private TimeSpan _lastLog;
    private int _done;

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Add(int count)
    {
        lock (_lock)
        {
            _done += count;
            var now = _clock.Elapsed;
            // The final line reports completion, so a progress line at 100% would only repeat it.
            if (_done >= total || now - _lastLog < interval)
            {
                return;
            }

            _lastLog = now;
            PoolEmbedderLog.Progress(
                logger,
                Format(_done),
                Format(total),
                (int)(100L * _done / total),
                Format((int)Math.Round(_done / Math.Max(now.TotalSeconds, 1e-3))));
        }
    }

    public static string Format(int count) => count.ToString("N0", CultureInfo.InvariantCulture);
}
