using System.Text;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;

namespace Emitter.Generator.Pool;

/// <summary>
/// A set of templates, grouped by level, and the pools it can build. Templates are assumed to
/// spell pairwise different strings (the tests prove it for the default set), which makes
/// every capacity an exact count of distinct messages.
/// </summary>
internal sealed class TemplateSet
{
    private readonly MessageTemplate[][] _byLevel;
    private readonly long[] _levelCapacity;

    public TemplateSet(IEnumerable<MessageTemplate> templates)
    {
        var all = templates.ToArray();
        _byLevel = [.. LogLevels.All.Select(level => all.Where(t => t.Level == level).ToArray())];
        if (_byLevel.Any(group => group.Length == 0))
        {
            throw new ArgumentException("Every level needs at least one template.", nameof(templates));
        }

        _levelCapacity = [.. _byLevel.Select(group => group.Sum(t => t.Capacity))];
        Capacity = _levelCapacity.Sum();
    }

    public long Capacity { get; }

    public long CapacityFor(LogLevel level) => _levelCapacity[(int)level];

    public IReadOnlyList<MessageTemplate> For(LogLevel level) => _byLevel[(int)level];

    public MessagePool Build(int size, ulong seed)
    {
        if (size < LogLevels.Count || size > Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size,
                $"A pool holds {LogLevels.Count} to {Capacity:N0} messages (one per level at least, at most every distinct message).");
        }

        var random = new SplitMix64(seed);
        var levelShares = DistinctSampler.Split(size, _levelCapacity, [.. Enumerable.Range(0, LogLevels.Count)]);
        var drafts = new (string Text, LogLevel Level)[size];
        var filled = 0;
        var scratch = new StringBuilder(128);
        foreach (var level in LogLevels.All)
        {
            // Each template gets an even share of its level, not a share proportional to its
            // capacity: capacities differ by orders of magnitude and the largest would crowd
            // out the rest. The seeded order decides which templates get the odd extra ones.
            var templates = _byLevel[(int)level];
            var order = Enumerable.Range(0, templates.Length).ToArray();
            random.Shuffle(order);
            var shares = DistinctSampler.Split(levelShares[(int)level], [.. templates.Select(t => t.Capacity)], order);
            foreach (var t in order)
            {
                foreach (var index in DistinctSampler.Sample(templates[t].Capacity, (int)shares[t], random))
                {
                    drafts[filled++] = (templates[t].Render(index, scratch), level);
                }
            }
        }

        // Interleave levels and templates; the pool's order is part of its seeded identity.
        random.Shuffle(drafts);
        var messages = new PoolMessage[size];
        for (var i = 0; i < size; i++)
        {
            messages[i] = new PoolMessage(i, drafts[i].Text, drafts[i].Level);
        }

        return new MessagePool(messages);
    }
}
