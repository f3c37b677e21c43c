namespace Emitter.Generator.Bench.Queries;

/// <summary>The queries in turn (as qstorm takes them), safe to call from many queries at once.</summary>
public sealed class QueryPicker(IReadOnlyList<BenchQuery> queries)
{
    private long _next = -1;

    public BenchQuery Next() => queries[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)queries.Count)];
}
