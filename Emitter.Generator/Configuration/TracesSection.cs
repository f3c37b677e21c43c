namespace Emitter.Generator.Configuration;

/// <summary>
/// The <c>traces</c> section: <c>share</c> and the call graph <c>calls</c> (caller: [callees]),
/// checked against the services list: names known, no service calling itself, no cycle, and
/// requests small enough to be emitted at once.
/// </summary>
internal static class TracesSection
{
    /// <summary>A request's spans; each can log twice (its own line, then its callee's failure), all emitted at its root's arrival.</summary>
    public const int MaxSpans = 64;

    public static TracesConfig? Read(YamlMap root, IReadOnlyList<ServiceConfig> services)
    {
        if (root.Map("traces") is not { } map) return null;
        map.OnlyKeys("share", "calls");

        var share = map.Double("share") ?? 0.2;
        if (share is < 0 or > 1)
            throw map.Error("share", $"must be between 0 and 1 (the fraction of each root's entries that start a request), got {share}");

        var known = services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var calls = map.Map("calls") ?? throw map.Error("calls", "missing: the call graph, e.g. {api-gateway: [order-service], order-service: [payment-service]}");
        var graph = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (caller, _, line) in calls.Entries)
        {
            if (!known.Contains(caller))
                throw ConfigException.At(calls.File, line, calls.Key(caller), $"no service named '{caller}' (services: {string.Join(", ", known)})");
            var callees = calls.Sequence(caller)?.Select(n => (n as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value?.Trim() ?? "").ToList()
                ?? throw calls.Error(caller, "expected a list of the services it calls, e.g. [order-service]");
            foreach (var callee in callees)
            {
                if (!known.Contains(callee))
                    throw calls.Error(caller, $"calls '{callee}', which is no service (services: {string.Join(", ", known)})");
                if (callee == caller)
                    throw calls.Error(caller, "a service cannot call itself");
            }
            if (callees.Distinct(StringComparer.Ordinal).Count() != callees.Count)
                throw calls.Error(caller, "lists a callee twice");
            graph[caller] = callees;
            lines[caller] = line;
        }
        if (graph.Values.All(c => c.Count == 0))
            throw map.Error("calls", "no calls: give at least one caller with a callee");

        foreach (var caller in graph.Keys)
        {
            if (Cycle(graph, caller, []) is { } cycle)
                throw ConfigException.At(calls.File, lines[caller], calls.Key(caller), $"the call graph has a cycle: {string.Join(" -> ", cycle)}");
        }

        var config = new TracesConfig(share, graph);
        foreach (var start in config.Roots)
        {
            if (config.SpansFrom(start) > MaxSpans)
                throw ConfigException.At(calls.File, lines[start], calls.Key(start), $"a request from {start} would open {config.SpansFrom(start)} spans (every path is one), more than {MaxSpans}: make the graph smaller");
        }
        return config;
    }

    private static List<string>? Cycle(Dictionary<string, IReadOnlyList<string>> graph, string service, List<string> path)
    {
        if (path.Contains(service, StringComparer.Ordinal)) return [.. path.SkipWhile(s => s != service), service];
        if (!graph.TryGetValue(service, out var callees)) return null;
        path.Add(service);
        foreach (var callee in callees)
        {
            if (Cycle(graph, callee, path) is { } cycle) return cycle;
        }
        path.RemoveAt(path.Count - 1);
        return null;
    }
}
