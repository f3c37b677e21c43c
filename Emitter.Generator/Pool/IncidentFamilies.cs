using System.Text;
using Emitter.Generator.Model;

namespace Emitter.Generator.Pool;

/// <summary>
/// The messages of every incident kind a config uses, made before the pool is embedded so they
/// carry vectors like any pool message. Emitters draw them only through an incident; the sinks
/// encode from <see cref="Pool"/> (the pool plus these), the way the bench adds its markers.
/// Each affected service has a family of its own whose messages name it where they name a
/// service ("payment-service: connection pool exhausted ..."), so a search for the incident
/// by service and wording finds that service's entries.
/// </summary>
public sealed class IncidentFamilies
{
    /// <summary>Distinct messages per template: enough variety for a search to rank, few enough to stay recognisable.</summary>
    public const int PerTemplate = 12;

    private readonly Dictionary<(string, IncidentKind, IncidentPhase), PoolMessage[]> _families;

    private IncidentFamilies(MessagePool pool, Dictionary<(string, IncidentKind, IncidentPhase), PoolMessage[]> families)
    {
        _families = families;
        Pool = families.Count == 0 ? pool : new MessagePool([.. pool.Messages, .. families.Values.SelectMany(f => f)]);
    }

    /// <summary>The pool plus every family message: what is embedded and what the sinks encode from.</summary>
    public MessagePool Pool { get; }

    /// <summary>The messages <paramref name="service"/> logs in this phase of an incident of this kind.</summary>
    public IReadOnlyList<PoolMessage> For(string service, IncidentKind kind, IncidentPhase phase) => _families[(service, kind, phase)];

    /// <param name="affected">Each incident kind with each service it hits (repeats are ignored).</param>
    /// <param name="seed">The run's seed (not a shard's): every shard holds the same messages.</param>
    public static IncidentFamilies Create(IEnumerable<(IncidentKind Kind, string Service)> affected, MessagePool pool, ulong seed)
    {
        var random = new SplitMix64(seed ^ 0x1AC1DE47UL);
        var next = pool.Messages.Count == 0 ? 0 : pool.Messages.Max(m => m.Index) + 1;
        var texts = new HashSet<string>(pool.Messages.Select(m => m.Text), StringComparer.Ordinal);
        var families = new Dictionary<(string, IncidentKind, IncidentPhase), PoolMessage[]>();
        var scratch = new StringBuilder(128);
        foreach (var (kind, service) in affected.Distinct().OrderBy(a => a.Kind).ThenBy(a => a.Service, StringComparer.Ordinal))
        {
            var catalog = SlotCatalog.ForService(service);
            foreach (var phase in Enum.GetValues<IncidentPhase>())
            {
                var family = new List<PoolMessage>();
                foreach (var template in IncidentTemplates.For(kind, phase, catalog))
                {
                    var count = (int)Math.Min(PerTemplate, template.Capacity);
                    foreach (var index in DistinctSampler.Sample(template.Capacity, count, random))
                    {
                        var text = template.Render(index, scratch);
                        // Kinds share no wording with the default templates, so this only guards the pool's uniqueness.
                        if (texts.Add(text)) family.Add(new PoolMessage(next++, text, template.Level));
                    }
                }
                families[(service, kind, phase)] = [.. family];
            }
        }
        return new IncidentFamilies(pool, families);
    }
}
