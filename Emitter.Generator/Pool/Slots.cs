using System.Globalization;
using System.Text;

namespace Emitter.Generator.Pool;

/// <summary>
/// One variable part of a message: <see cref="Count"/> distinct spellings addressed by an index
/// 0..Count-1, so a message is a number in a mixed-radix space and never a random retry.
/// </summary>
internal abstract class Slot
{
    public abstract long Count { get; }

    public abstract void Append(StringBuilder text, long index);
}

/// <summary>An explicit list of spellings (component names, routes, tables...).</summary>
internal sealed class WordSlot : Slot
{
    private readonly string[] _words;

    public WordSlot(params string[] words)
    {
        if (words.Length == 0)
        {
            throw new ArgumentException("A word slot needs at least one word.", nameof(words));
        }

        // Duplicates or empty words would make Capacity count one string twice.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            if (word.Length == 0 || !seen.Add(word))
            {
                throw new ArgumentException($"Word '{word}' is empty or listed twice.", nameof(words));
            }
        }

        _words = words;
    }

    public IReadOnlyList<string> Words => _words;

    public override long Count => _words.Length;

    public override void Append(StringBuilder text, long index) => text.Append(_words[index]);
}

/// <summary>The integers min..max, optionally with thousands separators ("1,240").</summary>
internal sealed class NumberSlot : Slot
{
    private readonly long _min;
    private readonly bool _grouped;

    public NumberSlot(long min, long max, bool grouped = false)
    {
        if (min < 0 || max < min)
        {
            throw new ArgumentOutOfRangeException(nameof(max), $"Need 0 <= min <= max, got {min}..{max}.");
        }

        _min = min;
        _grouped = grouped;
        Count = max - min + 1;
    }

    public override long Count { get; }

    public override void Append(StringBuilder text, long index)
    {
        var value = _min + index;
        // Invariant culture: the same text on every machine, whatever its locale.
        if (_grouped)
        {
            text.Append(CultureInfo.InvariantCulture, $"{value:N0}");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{value}");
        }
    }
}

/// <summary>A slot spelled by its own small pattern, e.g. an IP "10.0.{octet}.{octet}".</summary>
internal sealed class CompositeSlot(SlotPattern pattern) : Slot
{
    public SlotPattern Pattern { get; } = pattern;

    public override long Count => Pattern.Count;

    public override void Append(StringBuilder text, long index) => Pattern.Append(text, index);
}
