using Emitter.Generator.Emission;
using Emitter.Generator.Model;

namespace Emitter.Generator.Pool;

/// <summary>
/// Builds the pool of distinct log messages entries are drawn from: realistic microservice
/// lines, each written for the level it is logged at, reproducible from a seed, and never
/// larger than what the vocabulary can spell (the original looped forever past its capacity).
/// </summary>
public static class MessagePoolBuilder
{
    private static readonly TemplateSet Default = new(LevelTemplates.All);

    /// <summary>The exact number of distinct messages the default templates can produce.</summary>
    public static long Capacity => Default.Capacity;

    public static long CapacityFor(LogLevel level) => Default.CapacityFor(level);

    /// <summary>
    /// Exactly <paramref name="size"/> distinct messages split roughly evenly across the levels;
    /// the same seed gives the same messages in the same order on every machine.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Size below 4 or above <see cref="Capacity"/>.</exception>
    public static MessagePool Build(int size, ulong seed) => Default.Build(size, seed);

    internal static MessagePool Build(TemplateSet templates, int size, ulong seed) => templates.Build(size, seed);

    /// <summary>Mean words per message, for BM25's average document length.</summary>
    public static double MeanWordCount(MessagePool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (pool.Messages.Count == 0)
        {
            return 0;
        }

        long words = 0;
        foreach (var message in pool.Messages)
        {
            words += CountWords(message.Text);
        }

        return (double)words / pool.Messages.Count;
    }

    /// <summary>Runs of letters or digits: "10.0.3.17:5432" is five words, "req-7f3a9c" two.</summary>
    internal static int CountWords(string text)
    {
        var words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var isWordChar = char.IsLetterOrDigit(c);
            if (isWordChar && !inWord)
            {
                words++;
            }

            inWord = isWordChar;
        }

        return words;
    }
}
