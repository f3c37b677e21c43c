using Emitter.Generator.Sinks;
using Npgsql;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>
/// How long one slice's write may take, and which failure is its timeout. The floor is the
/// connection string's Command Timeout (Npgsql's default: 30 s), raised to
/// <see cref="PerRow"/> a row: an HNSW index at 1,536 dimensions takes ~180 rows/s a
/// connection, so a 10,000-row write outlasts 30 s, and with a fixed timeout it was cancelled,
/// rolled back and sent again identically forever. A write that still times out is retried
/// (the server may have been busy) until the sink's <see cref="Resilience.WriteTimeoutBudget"/> is spent, then failed with the reason.
/// </summary>
public static class PgVectorWriteTimeout
{
    /// <summary>About 9× the time a row takes into a 1,536-d HNSW index on 2 cores.</summary>
    public static readonly TimeSpan PerRow = TimeSpan.FromMilliseconds(50);

    /// <summary>Seconds for a write of <paramref name="rows"/>; a floor of 0 (no timeout, as in Npgsql) stays 0.</summary>
    public static int Seconds(int floorSeconds, int rows) =>
        floorSeconds <= 0 ? 0 : (int)Math.Max(floorSeconds, Math.Ceiling(rows * PerRow.TotalSeconds));

    /// <summary>The floor a data source's connection string gives (its Command Timeout).</summary>
    public static int FloorSeconds(NpgsqlDataSource dataSource) =>
        new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).CommandTimeout;

    /// <summary>Npgsql's client-side timeout (it cancels the statement and throws with a TimeoutException inside).</summary>
    public static bool IsNpgsqlTimeout(Exception exception)
    {
        if (exception is OperationCanceledException) return false; // the run's cancellation, not a timeout
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is TimeoutException) return true;
        return false;
    }

    /// <summary>A write timed out on an open connection (not a connect or a wait for the pool, which are retried as before).</summary>
    public static bool IsWriteTimeout(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is PgVectorWriteTimeoutException) return true;
        return false;
    }
}
