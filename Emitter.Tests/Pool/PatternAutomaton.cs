using System.Text;
using Emitter.Generator.Pool;

namespace Emitter.Tests.Pool;

/// <summary>
/// Proves that no two (template, slot values) choices spell the same string, which is what
/// makes the builder's capacity an exact count. Every template becomes a path through a
/// character automaton (word slots as tries, codes as character classes); a choice is exactly
/// one path, so two choices spelling one string are two different accepting paths for it.
/// A breadth-first walk of the automaton paired with itself finds such a pair if one exists.
/// </summary>
internal sealed class PatternAutomaton
{
    private const char End = '\n'; // closes every template: no slot value contains it
    private const long MaxListed = 200_000;

    private readonly List<List<(char C, int To)>> _edges = [];
    private readonly List<int> _templateAt = []; // final state -> template index, else -1
    private readonly IReadOnlyList<MessageTemplate> _templates;

    public PatternAutomaton(IReadOnlyList<MessageTemplate> templates)
    {
        _templates = templates;
        var start = NewState();
        for (var t = 0; t < templates.Count; t++)
        {
            var frontier = AddPattern([start], templates[t].Pattern);
            Connect(frontier, End, NewState(t));
        }
    }

    public int StateCount => _edges.Count;

    /// <summary>The first pair of templates found spelling a common string, or null if none do.</summary>
    public (MessageTemplate First, MessageTemplate Second)? FindAmbiguity()
    {
        long n = _edges.Count;
        var seen = new HashSet<long>();
        var queue = new Queue<(int P, int Q, bool Apart)>();
        queue.Enqueue((0, 0, false));
        while (queue.TryDequeue(out var state))
        {
            var (p, q, apart) = state;
            if (apart && _templateAt[p] >= 0 && _templateAt[q] >= 0)
            {
                return (_templates[_templateAt[p]], _templates[_templateAt[q]]);
            }

            foreach (var (c, p2) in _edges[p])
            {
                foreach (var (c2, q2) in _edges[q])
                {
                    if (c != c2)
                    {
                        continue;
                    }

                    // Paths are apart once they have visited different states; pairs are unordered.
                    var next = (P: Math.Min(p2, q2), Q: Math.Max(p2, q2), Apart: apart || p2 != q2);
                    if (seen.Add(((next.P * n) + next.Q) * 2 + (next.Apart ? 1 : 0)))
                    {
                        queue.Enqueue(next);
                    }
                }
            }
        }

        return null;
    }

    private List<int> AddPattern(List<int> frontier, SlotPattern pattern)
    {
        for (var i = 0; i < pattern.Slots.Count; i++)
        {
            frontier = AddLiteral(frontier, pattern.Literals[i]);
            frontier = AddSlot(frontier, pattern.Slots[i]);
        }

        return AddLiteral(frontier, pattern.Literals[^1]);
    }

    private List<int> AddSlot(List<int> frontier, Slot slot)
    {
        switch (slot)
        {
            case CompositeSlot composite:
                return AddPattern(frontier, composite.Pattern);
            case CodeSlot code:
                frontier = AddLiteral(frontier, code.Prefix);
                foreach (var cls in code.Classes)
                {
                    var next = NewState();
                    foreach (var c in cls)
                    {
                        Connect(frontier, c, next);
                    }

                    frontier = [next];
                }

                return frontier;
            default:
                return AddWords(frontier, slot);
        }
    }

    /// <summary>A trie of the slot's spellings, each produced by the slot itself.</summary>
    private List<int> AddWords(List<int> frontier, Slot slot)
    {
        Assert.InRange(slot.Count, 1, MaxListed);
        var children = new Dictionary<(int Node, char C), int>();
        var ends = new List<int>();
        var distinct = new HashSet<int>();
        var text = new StringBuilder();
        for (long i = 0; i < slot.Count; i++)
        {
            text.Clear();
            slot.Append(text, i);
            Assert.True(text.Length > 0, "A slot spelled an empty value.");
            var node = -1; // the virtual root: the frontier itself
            foreach (var c in text.ToString())
            {
                if (!children.TryGetValue((node, c), out var child))
                {
                    child = NewState();
                    Connect(node < 0 ? frontier : [node], c, child);
                    children[(node, c)] = child;
                }

                node = child;
            }

            Assert.True(distinct.Add(node), $"Two indices of a slot spell '{text}'.");
            ends.Add(node);
        }

        return ends;
    }

    private List<int> AddLiteral(List<int> frontier, string literal)
    {
        foreach (var c in literal)
        {
            var next = NewState();
            Connect(frontier, c, next);
            frontier = [next];
        }

        return frontier;
    }

    private void Connect(List<int> from, char c, int to)
    {
        foreach (var state in from)
        {
            _edges[state].Add((c, to));
        }
    }

    private int NewState(int template = -1)
    {
        _edges.Add([]);
        _templateAt.Add(template);
        return _edges.Count - 1;
    }
}
