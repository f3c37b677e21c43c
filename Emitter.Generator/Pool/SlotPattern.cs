using System.Text;

namespace Emitter.Generator.Pool;

/// <summary>
/// Literal text with named slots, "{method} {route} completed in {ms}ms". Its strings are
/// numbered 0..Count-1 in mixed radix (the last slot varies fastest), so any index decodes to
/// exactly one string without enumerating the others.
/// </summary>
internal sealed class SlotPattern
{
    /// <summary>Keeps any sum of a few thousand patterns inside a long.</summary>
    public const long MaxCount = 1_000_000_000_000_000;

    private readonly string[] _literals;
    private readonly Slot[] _slots;

    public SlotPattern(string text, IReadOnlyDictionary<string, Slot> catalog)
    {
        var literals = new List<string>();
        var slots = new List<Slot>();
        var start = 0;
        while (true)
        {
            var open = text.IndexOf('{', start);
            if (open < 0)
            {
                literals.Add(text[start..]);
                break;
            }

            var close = text.IndexOf('}', open);
            if (close < 0)
            {
                throw new FormatException($"Unclosed '{{' in pattern '{text}'.");
            }

            literals.Add(text[start..open]);
            var name = text[(open + 1)..close];
            if (!catalog.TryGetValue(name, out var slot))
            {
                throw new KeyNotFoundException($"Pattern '{text}' names unknown slot '{name}'.");
            }

            slots.Add(slot);
            start = close + 1;
        }

        Text = text;
        _literals = [.. literals];
        _slots = [.. slots];
        // An overflow must fail loudly, never wrap into a wrong capacity.
        var product = _slots.Aggregate(1.0, (count, slot) => count * slot.Count);
        if (product > MaxCount)
        {
            throw new OverflowException($"Pattern '{text}' spells {product:E2} strings, more than {MaxCount:E0}.");
        }

        Count = _slots.Aggregate(1L, (count, slot) => checked(count * slot.Count));
    }

    public string Text { get; }

    /// <summary>Literal text around the slots: always one more than <see cref="Slots"/>.</summary>
    public IReadOnlyList<string> Literals => _literals;

    public IReadOnlyList<Slot> Slots => _slots;

    public long Count { get; }

    public void Append(StringBuilder text, long index)
    {
        Span<long> digits = stackalloc long[_slots.Length];
        for (var i = _slots.Length - 1; i >= 0; i--)
        {
            digits[i] = index % _slots[i].Count;
            index /= _slots[i].Count;
        }

        text.Append(_literals[0]);
        for (var i = 0; i < _slots.Length; i++)
        {
            _slots[i].Append(text, digits[i]);
            text.Append(_literals[i + 1]);
        }
    }

    public override string ToString() => Text;
}
