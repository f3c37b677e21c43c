using Emitter.Generator.Batching;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Tests.PgVector;

/// <summary>Batches built by hand: each pool message <c>perMessage</c> times, shuffled.</summary>
public static class PgVectorTestBatches
{
    public static Batch Of(MessagePool pool, int perMessage, long sequence = 1)
    {
        var start = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
        var entries = pool.Messages
            .SelectMany(m => Enumerable.Range(0, perMessage).Select(_ => m))
            .Select((m, i) => new LogEntry(Guid.CreateVersion7(), start.AddMilliseconds(i), i % 2 == 0 ? "api" : "worker", m.Level, m))
            .OrderBy(e => e.Id.GetHashCode())
            .ToArray();
        return new Batch(entries, entries.Length, sequence, DateTimeOffset.UtcNow);
    }
}
