using FastBertTokenizer;

namespace Emitter.Generator.Embedding;

/// <summary>
/// One model call's input: the texts tokenized and padded to the longest of them, as the flat
/// [count, length] int64 tensors a BERT model takes.
/// </summary>
internal sealed class MiniLmBatch
{
    private MiniLmBatch(int count, int length, long[] inputIds, long[] attentionMask)
    {
        Count = count;
        Length = length;
        InputIds = inputIds;
        AttentionMask = attentionMask;
        TokenTypeIds = new long[inputIds.Length];
    }

    public int Count { get; }

    /// <summary>Tokens per text after padding.</summary>
    public int Length { get; }

    public long[] InputIds { get; }

    public long[] AttentionMask { get; }

    /// <summary>All zeros: a single sequence per input.</summary>
    public long[] TokenTypeIds { get; }

    /// <summary>Encodes the texts at <paramref name="indices"/>; thread-safe (the span overload keeps no state).</summary>
    public static MiniLmBatch Create(BertTokenizer tokenizer, IReadOnlyList<string> texts, ReadOnlySpan<int> indices, int maxTokens)
    {
        var ids = new long[indices.Length * maxTokens];
        var mask = new long[indices.Length * maxTokens];
        var lengths = new int[indices.Length];
        var longest = 0;
        for (var row = 0; row < indices.Length; row++)
        {
            lengths[row] = tokenizer.Encode(
                texts[indices[row]],
                ids.AsSpan(row * maxTokens, maxTokens),
                mask.AsSpan(row * maxTokens, maxTokens));
            longest = Math.Max(longest, lengths[row]);
        }

        // Compact the rows to the longest text: padding costs as much compute as real tokens.
        var packedIds = new long[indices.Length * longest];
        var packedMask = new long[indices.Length * longest];
        for (var row = 0; row < indices.Length; row++)
        {
            ids.AsSpan(row * maxTokens, lengths[row]).CopyTo(packedIds.AsSpan(row * longest));
            mask.AsSpan(row * maxTokens, lengths[row]).CopyTo(packedMask.AsSpan(row * longest));
        }

        return new MiniLmBatch(indices.Length, longest, packedIds, packedMask);
    }
}
