using System.Text;

namespace Emitter.Generator.Pool;

/// <summary>
/// A fixed-width code: a prefix then one character from each class ("req-" + 6 hex digits).
/// Fixed width keeps huge id spaces cheap: no list is ever materialised.
/// </summary>
internal sealed class CodeSlot : Slot
{
    public const string Hex = "0123456789abcdef";
    public const string Digit = "0123456789";
    public const string NonZero = "123456789";

    /// <summary>The alphabet Kubernetes uses for generated name suffixes (no vowels, no 0/1/3).</summary>
    public const string Kube = "bcdfghjklmnpqrstvwxz2456789";

    private readonly string[] _classes;

    public CodeSlot(string prefix, params string[] classes)
    {
        if (classes.Length == 0)
        {
            throw new ArgumentException("A code needs at least one character class.", nameof(classes));
        }

        long count = 1;
        foreach (var cls in classes)
        {
            if (cls.Length == 0 || cls.Distinct().Count() != cls.Length)
            {
                throw new ArgumentException($"Class '{cls}' is empty or repeats a character.", nameof(classes));
            }

            count = checked(count * cls.Length);
        }

        Prefix = prefix;
        _classes = classes;
        Count = count;
    }

    public string Prefix { get; }

    public IReadOnlyList<string> Classes => _classes;

    public override long Count { get; }

    /// <summary>A number of exactly <paramref name="digits"/> digits without a leading zero.</summary>
    public static CodeSlot Number(string prefix, int digits) =>
        new(prefix, [NonZero, .. Enumerable.Repeat(Digit, digits - 1)]);

    public static CodeSlot Repeat(string prefix, string cls, int width) =>
        new(prefix, [.. Enumerable.Repeat(cls, width)]);

    public override void Append(StringBuilder text, long index)
    {
        text.Append(Prefix);
        Span<char> chars = stackalloc char[_classes.Length];
        for (var i = _classes.Length - 1; i >= 0; i--)
        {
            var cls = _classes[i];
            chars[i] = cls[(int)(index % cls.Length)];
            index /= cls.Length;
        }

        text.Append(chars);
    }
}
