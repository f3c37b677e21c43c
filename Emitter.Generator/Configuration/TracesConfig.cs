namespace Emitter.Generator.Configuration;

/// <summary>The <c>traces</c> section: which share of the roots' entries start requests, and the call graph they flow through.</summary>
/// <param name="Share">Of each root's arrivals, the fraction that starts a request (0 to 1).</param>
/// <param name="Calls">Caller to callees, in call order; no cycles.</param>
public sealed record TracesConfig(double Share, IReadOnlyDictionary<string, IReadOnlyList<string>> Calls)
{
    /// <summary>Services that call but are never called: where requests start.</summary>
    public IEnumerable<string> Roots => Calls.Keys.Where(caller => !Calls.Values.Any(callees => callees.Contains(caller)));

    public IReadOnlyList<string> CalleesOf(string service) => Calls.TryGetValue(service, out var callees) ? callees : [];

    /// <summary>Spans one request from <paramref name="root"/> opens: every path through the graph is a span.</summary>
    /// <remarks>Counted once per service (memoised) and capped at a million, so a wide acyclic graph costs nothing to check.</remarks>
    public int SpansFrom(string root)
    {
        var memo = new Dictionary<string, long>(StringComparer.Ordinal);
        long Count(string service)
        {
            if (memo.TryGetValue(service, out var known)) return known;
            return memo[service] = Math.Min(1_000_000, 1 + CalleesOf(service).Sum(Count));
        }
        return (int)Count(root);
    }
}
