using Emitter.Generator.Emission;
using Emitter.Generator.Model;

namespace Emitter.Generator.Pool;

/// <summary>
/// Which template groups a run's pool is made of. Without voices: the default templates alone,
/// built exactly as before voices existed. With voices: shared infrastructure plus the domain of
/// every service (and the upstream lines when traces are on), the pool split evenly between
/// groups as far as each group's capacity allows, every message tagged with its group.
/// </summary>
public sealed class PoolLayout
{
    private readonly (string Name, TemplateSet Templates)[] _groups;

    private PoolLayout((string Name, TemplateSet Templates)[] groups)
    {
        _groups = groups;
        Capacity = groups.Length == 0 ? MessagePoolBuilder.Capacity : groups.Sum(g => g.Templates.Capacity);
    }

    /// <summary>The default templates, one group, no tags: the pool main always built.</summary>
    public static PoolLayout Default { get; } = new([]);

    /// <param name="domains">The services' domains (repeats are ignored).</param>
    /// <param name="upstream">Include what callers log about failed callees (traces).</param>
    public static PoolLayout Voices(IEnumerable<string> domains, bool upstream)
    {
        var names = new List<string> { ServiceDomains.Shared };
        names.AddRange(domains.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        if (upstream) names.Add(ServiceDomains.Upstream);
        return new PoolLayout([.. names.Select(n => (n, Templates(n)))]);
    }

    public bool IsDefault => _groups.Length == 0;

    public IReadOnlyList<string> Groups => [.. _groups.Select(g => g.Name)];

    /// <summary>Distinct messages the groups can spell together (exact: no two templates spell one string).</summary>
    public long Capacity { get; }

    /// <summary>One message of every level in every group.</summary>
    public int MinSize => LogLevels.Count * Math.Max(1, _groups.Length);

    public MessagePool Build(int size, ulong seed)
    {
        if (IsDefault) return MessagePoolBuilder.Build(size, seed);
        if (size < MinSize || size > Capacity)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"This layout's pool holds {MinSize} to {Capacity:N0} messages.");

        var shares = DistinctSampler.Split(size, [.. _groups.Select(g => g.Templates.Capacity)], [.. Enumerable.Range(0, _groups.Length)]);
        var drafts = new List<(string Text, LogLevel Level, string Group)>(size);
        for (var g = 0; g < _groups.Length; g++)
        {
            // A seed per group: adding a service of another domain leaves this group's messages as they were.
            var part = _groups[g].Templates.Build((int)shares[g], seed ^ GroupSalt(_groups[g].Name));
            drafts.AddRange(part.Messages.Select(m => (m.Text, m.Level, _groups[g].Name)));
        }

        var mixed = drafts.ToArray();
        new SplitMix64(seed).Shuffle(mixed);
        return new MessagePool([.. mixed.Select((d, i) => new PoolMessage(i, d.Text, d.Level) { Group = d.Group })]);
    }

    private static TemplateSet Templates(string group) =>
        DomainTemplates.ByGroup.TryGetValue(group, out var templates)
            ? new TemplateSet(templates)
            : throw new ArgumentException($"No templates for group '{group}'.", nameof(group));

    private static ulong GroupSalt(string group)
    {
        var hash = 14695981039346656037UL; // FNV-1a: stable across processes
        foreach (var c in group) hash = (hash ^ c) * 1099511628211UL;
        return hash;
    }
}
