using Emitter.Generator.Emission;
using System.Runtime.ExceptionServices;
using Npgsql;

namespace Emitter.Generator.Sinks.PgVector;

/// <summary>
/// Writes a batch as several slices at once, one writer (connection, transaction) each. Any
/// transient failure fails the whole write so the pipeline retries it (slices already in are
/// skipped by ON CONFLICT, in copy mode through its staging fallback); slices that failed for
/// good while others landed are reported as a partial failure.
/// </summary>
public static class PgVectorSlices
{
    /// <param name="isTransient">Whether a slice's failure is worth retrying the write for (a timeout stops being so on its last try).</param>
    /// <param name="describe">The reason a slice failed for good, as the summary shows it.</param>
    public static async Task WriteAsync(ReadOnlyMemory<IPgVectorSliceWriter> writers, NpgsqlDataSource dataSource, ReadOnlyMemory<LogEntry> entries,
        Func<Exception, bool> isTransient, Func<Exception, string> describe, CancellationToken ct)
    {
        var count = writers.Length;
        var size = (entries.Length + count - 1) / count;
        var slices = new ReadOnlyMemory<LogEntry>[count];
        var tasks = new Task[count];
        for (var i = 0; i < count; i++)
        {
            slices[i] = entries.Slice(i * size, Math.Min(size, entries.Length - i * size));
            tasks[i] = writers.Span[i].WriteAsync(dataSource, slices[i], ct);
        }

        try
        {
            await Task.WhenAll(tasks);
        }
        catch
        {
            var errors = tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).ToList();
            if (errors.FirstOrDefault(isTransient) is { } transient) ExceptionDispatchInfo.Throw(transient);
            if (!tasks.Any(t => t.IsCompletedSuccessfully) || tasks.Any(t => t.IsCanceled)) throw;
            var failed = Enumerable.Range(0, count).Where(i => !tasks[i].IsCompletedSuccessfully).Sum(i => slices[i].Length);
            throw new PartialBatchFailureException(failed, describe(errors[0]));
        }
    }
}
