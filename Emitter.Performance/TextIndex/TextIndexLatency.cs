using System.Diagnostics;
using HdrHistogram;
using Npgsql;

namespace Emitter.Performance.TextIndex;

/// <summary>One client on one connection, a query at a time (each waits for the last), as a query tool's single worker sends them.</summary>
public static class TextIndexLatency
{
    private const int WarmUp = 5;

    public sealed record Result(long Count, double P50Ms, double P99Ms, double MaxMs);

    /// <summary>Up to <paramref name="queries"/> phrases, or fewer if the budget runs out first (a query that scans the whole table can take a second).</summary>
    public static async Task<Result> MeasureAsync(NpgsqlConnection connection, string sql, IReadOnlyList<object[]> parameters, int queries, TimeSpan budget)
    {
        var histogram = new LongHistogram(TimeStamp.Minutes(10), 3);
        await using var command = new NpgsqlCommand(sql, connection);
        var budgetClock = Stopwatch.StartNew();
        for (var i = 0; i < WarmUp + queries; i++)
        {
            if (i >= WarmUp && budgetClock.Elapsed > budget) break;
            command.Parameters.Clear();
            foreach (var p in parameters[i % parameters.Count]) command.Parameters.Add(new NpgsqlParameter { Value = p });
            var start = Stopwatch.GetTimestamp();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync()) { }
            }
            var elapsed = Stopwatch.GetTimestamp() - start;
            if (i >= WarmUp) histogram.RecordValue(elapsed);
            else if (i == WarmUp - 1) budgetClock.Restart();
        }
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        return new Result(histogram.TotalCount, Ms(histogram.GetValueAtPercentile(50)), Ms(histogram.GetValueAtPercentile(99)), Ms(histogram.GetMaxValue()));
    }
}
