using FastBertTokenizer;

namespace Emitter.Generator.Embedding;

/// <summary>
/// One model call's input: tokenized texts padded to the longest of them, as the flat
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

    /// <summary>[CLS] word pieces [SEP], cut to <paramref name="maxTokens"/>. Thread-safe: this overload keeps no state.</summary>
    public static long[] Tokenize(BertTokenizer tokenizer, string text, int maxTokens)
    {
        Span<long> ids = stackalloc long[maxTokens];
        Span<long> mask = stackalloc long[maxTokens];
        var count = tokenizer.Encode(text, ids, mask);
        return ids[..count].ToArray();
    }

    /// <summary>Pads the rows to the longest (id 0, mask 0): padding costs as much compute as real tokens.</summary>
    public static MiniLmBatch Pack(IReadOnlyList<long[]> rows)
    {
        var length = rows.Max(r => r.Length);
        var ids = new long[rows.Count * length];
        var mask = new long[rows.Count * length];
        for (var row = 0; row < rows.Count; row++)
        {
            rows[row].CopyTo(ids.AsSpan(row * length));
            mask.AsSpan(row * length, rows[row].Length).Fill(1);
        }

        return new MiniLmBatch(rows.Count, length, ids, mask);
    }
}
