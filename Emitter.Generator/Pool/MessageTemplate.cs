using System.Text;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;

namespace Emitter.Generator.Pool;

/// <summary>A message pattern and the one level its wording fits.</summary>
internal sealed class MessageTemplate
{
    public MessageTemplate(LogLevel level, string pattern)
        : this(level, pattern, SlotCatalog.Default)
    {
    }

    public MessageTemplate(LogLevel level, string pattern, IReadOnlyDictionary<string, Slot> catalog)
    {
        Level = level;
        Pattern = new SlotPattern(pattern, catalog);
    }

    public LogLevel Level { get; }

    public SlotPattern Pattern { get; }

    /// <summary>How many distinct messages this template spells.</summary>
    public long Capacity => Pattern.Count;

    public string Render(long index, StringBuilder scratch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Capacity);
        scratch.Clear();
        Pattern.Append(scratch, index);
        return scratch.ToString();
    }

    public string Render(long index) => Render(index, new StringBuilder(96));

    public override string ToString() => $"{Level.Name()} {Pattern.Text}";
}
