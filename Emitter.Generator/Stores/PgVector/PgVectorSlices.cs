using Emitter.Generator.Batching;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Npgsql;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>
/// Writes a batch as several slices at once, one writer (connection, transaction) each, and says
/// how each ended: stored, refused for good (counted failed), or worth retrying (the write's
/// remainder: only those slices go again; what another slice stored is not resent).
/// </summary>
public static class PgVectorSlices
{
    /// <param name="TimedOut">Whether a slice's write timed out (counted against the sink's <see cref="Resilience.WriteTimeoutBudget"/>).</param>
    public sealed record Outcome(WriteResult Result, bool TimedOut);

    /// <param name="isTransient">Whether a slice's failure is worth retrying (a timeout stops being so on its last try).</param>
    /// <param name="describe">The reason a slice failed for good, as the summary shows it.</param>
    public static async Task<Outcome> WriteAsync(ReadOnlyMemory<IPgVectorSliceWriter> writers, NpgsqlDataSource dataSource, Batch batch,
        Func<Exception, bool> isTransient, Func<Exception, string> describe, CancellationToken ct)
    {
        var count = writers.Length;
        var size = (batch.Count + count - 1) / count;
        var starts = new int[count];
        var tasks = new Task[count];
        for (var i = 0; i < count; i++)
        {
            starts[i] = i * size;
            tasks[i] = writers.Span[i].WriteAsync(dataSource, batch.Entries.Slice(starts[i], Math.Min(size, batch.Count - starts[i])), ct);
        }

        try
        {
            await Task.WhenAll(tasks);
            return new Outcome(WriteResult.Delivered, false);
        }
        catch
        {
            // Every slice's ending is read below: one cut short by the grace period goes to the remainder
            // (counted failed then), while the slices that committed stay stored.
        }

        var failed = 0;
        string? failure = null, again = null;
        List<int>? left = null;
        var timedOut = false;
        for (var i = 0; i < count; i++)
        {
            var length = Math.Min(size, batch.Count - starts[i]);
            if (tasks[i].IsCanceled || (ct.IsCancellationRequested && tasks[i].Exception?.InnerException is OperationCanceledException))
            {
                (left ??= []).AddRange(Enumerable.Range(starts[i], length));
                again ??= "cut short: the grace period ended before the slice committed";
                continue;
            }
            if (tasks[i].Exception?.InnerException is not { } error) continue;
            timedOut |= PgVectorWriteTimeout.IsWriteTimeout(error);
            if (isTransient(error))
            {
                (left ??= []).AddRange(Enumerable.Range(starts[i], length));
                again ??= PgVectorWriteTimeout.IsWriteTimeout(error) ? "the write timed out" : describe(error);
            }
            else
            {
                failed += length;
                failure ??= describe(error);
            }
        }
        var retry = left is null ? null : WriteResult.Retry(left.Count == batch.Count ? batch : batch.Subset(left), again!);
        return new Outcome(failed > 0 ? WriteResult.PartlyFailed(failed, failure!, retry) : retry ?? WriteResult.Delivered, timedOut);
    }
}
