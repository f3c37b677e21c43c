using ArchUnitNET.Loader;
using Emitter.Generator;

namespace Emitter.Tests.Architecture;

/// <summary>
/// The generator's folders depend on each other one way only, read from the compiled types (every
/// type a type names in its signatures and bodies). A folder is a namespace under
/// Emitter.Generator; each store (Stores/X) and sink (Sinks/X) folder counts on its own, the read
/// side (Bench and everything under it) as one.
/// </summary>
public class FolderDependencyTests
{
    private const string Root = "Emitter.Generator";

    private static readonly Lazy<Dictionary<(string From, string To), string>> Edges = new(ReadEdges);

    [Fact]
    public void The_folders_depend_on_each_other_one_way_only()
    {
        var cycles = Cycles(Edges.Value.Keys);

        TestContext.Current.SendDiagnosticMessage($"{Edges.Value.Keys.Select(e => e.From).Concat(Edges.Value.Keys.Select(e => e.To)).Distinct().Count()} folders, {Edges.Value.Count} dependencies between them");
        Assert.True(cycles.Count == 0, "folders that depend on each other both ways:\n" + string.Join("\n", cycles.Select(Describe)));
    }

    [Fact]
    public void No_store_folder_imports_another_store_folder()
    {
        var crossing = Edges.Value.Where(e => IsStore(e.Key.From) && IsStore(e.Key.To)).Select(e => $"{e.Key.From} -> {e.Key.To} ({e.Value})").ToList();

        Assert.True(Edges.Value.Keys.Any(e => IsStore(e.From)), "no store folder found: is the generator still laid out as Stores/<X>?");
        Assert.True(crossing.Count == 0, string.Join("\n", crossing));
    }

    [Fact]
    public void The_run_knows_nothing_of_the_bench_nor_the_config_of_its_read_side()
    {
        var architecture = new ArchLoader().LoadAssemblies(typeof(GeneratorApp).Assembly).Build();
        string[] writeSide = [typeof(GeneratorRun).FullName!, typeof(IRunPlan).FullName!, typeof(PlainRunPlan).FullName!];
        var reaching = architecture.Types
            .Where(t => writeSide.Contains(t.FullName) || t.FullName.StartsWith(Root + ".Configuration.", StringComparison.Ordinal))
            .SelectMany(t => t.Dependencies.Where(d => d.Target?.Namespace?.FullName is { } ns && (ns == Root + ".Bench" || ns.StartsWith(Root + ".Bench.", StringComparison.Ordinal)))
                .Select(d => $"{t.FullName} uses {d.Target.FullName}"))
            .Distinct().ToList();

        Assert.Contains(architecture.Types, t => t.FullName == typeof(GeneratorRun).FullName);
        Assert.True(reaching.Count == 0, string.Join("\n", reaching));
    }

    [Fact]
    public void A_cycle_is_found_with_every_folder_on_it()
    {
        var cycles = Cycles([("A", "B"), ("B", "C"), ("C", "A"), ("C", "D"), ("D", "E")]);

        Assert.Equal(["A", "B", "C"], Assert.Single(cycles).Order());
    }

    /// <summary>A store's own folder; Stores/Bulk is what the _bulk stores share, not a store.</summary>
    private static bool IsStore(string folder) => folder.StartsWith("Stores/", StringComparison.Ordinal) && folder != "Stores/Bulk";

    private static string Describe(IReadOnlyList<string> cycle) =>
        string.Join(", ", cycle) + ": " + string.Join("; ", Edges.Value.Where(e => cycle.Contains(e.Key.From) && cycle.Contains(e.Key.To))
            .Select(e => $"{e.Key.From} -> {e.Key.To} ({e.Value})"));

    /// <summary>Folder to folder, with one type dependency that makes each edge (for the message).</summary>
    private static Dictionary<(string From, string To), string> ReadEdges()
    {
        var architecture = new ArchLoader().LoadAssemblies(typeof(GeneratorApp).Assembly).Build();
        var edges = new Dictionary<(string From, string To), string>();
        foreach (var type in architecture.Types)
        {
            if (Folder(type.Namespace?.FullName) is not { } from) continue;
            foreach (var dependency in type.Dependencies)
            {
                if (dependency.Target is not { } target || Folder(target.Namespace?.FullName) is not { } to || to == from) continue;
                edges.TryAdd((from, to), $"{type.FullName} uses {target.FullName}");
            }
        }
        return edges;
    }

    private static string? Folder(string? ns)
    {
        if (ns == Root) return "(root)";
        if (ns is null || !ns.StartsWith(Root + ".", StringComparison.Ordinal)) return null;
        var parts = ns[(Root.Length + 1)..].Split('.');
        return parts[0] is "Stores" or "Sinks" && parts.Length > 1 ? $"{parts[0]}/{parts[1]}" : parts[0];
    }

    /// <summary>The strongly connected groups of more than one folder (Tarjan).</summary>
    private static List<IReadOnlyList<string>> Cycles(IEnumerable<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var nodes = next.Keys.Concat(next.Values.SelectMany(v => v)).Distinct().Order().ToList();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var cycles = new List<IReadOnlyList<string>>();
        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            foreach (var to in next.GetValueOrDefault(node, []))
            {
                if (!index.ContainsKey(to))
                {
                    Visit(to);
                    low[node] = Math.Min(low[node], low[to]);
                }
                else if (stack.Contains(to))
                {
                    low[node] = Math.Min(low[node], index[to]);
                }
            }
            if (low[node] != index[node]) return;
            var group = new List<string>();
            string member;
            do group.Add(member = stack.Pop());
            while (member != node);
            if (group.Count > 1) cycles.Add(group);
        }
        foreach (var node in nodes.Where(n => !index.ContainsKey(n))) Visit(node);
        return cycles;
    }
}
