using System.Globalization;
using Emitter.Generator.Configuration;
using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Qdrant.Client.Grpc;

namespace Emitter.Generator.Stores.Qdrant;

/// <summary>
/// Entries as Qdrant points: id = entry id (so a repeated upsert overwrites, never duplicates),
/// payload {service, level, message, timestamp, trace_id, span_id}, <c>dense</c> = the entry's jittered vector and
/// <c>bm25</c> = the message as a Document the server turns into a sparse BM25 vector.
/// </summary>
public sealed class QdrantPoints(EmbeddingInfo embedding, double meanWordsPerMessage, IndexMode mode = IndexMode.Hybrid)
{
    // BM25 normalises by document length against avg_len; the server's default (256 tokens)
    // suits pages, not log lines of a dozen words.
    private readonly double _avgLen = Math.Max(1, Math.Round(meanWordsPerMessage, 2));

    public double AverageLength => _avgLen;

    public PointStruct Point(in LogEntry entry)
    {
        var point = new PointStruct
        {
            Id = entry.Id,
            Vectors = new Vectors { Vectors_ = new NamedVectors() },
        };
        if (mode.HasVectors())
        {
            var dense = new float[embedding.Dimensions];
            EmbeddingJitter.Apply(entry.Message.Vector.Span, entry.Id, embedding.Jitter, dense);
            point.Vectors.Vectors_.Vectors[QdrantSchema.DenseVector] = dense;
        }
        if (mode.HasText()) point.Vectors.Vectors_.Vectors[QdrantSchema.SparseVector] = Bm25(entry.Text);
        point.Payload["service"] = entry.Service;
        point.Payload["level"] = entry.Level.Name();
        point.Payload["message"] = entry.Text;
        point.Payload["timestamp"] = entry.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        if (entry.HasTrace)
        {
            point.Payload[TraceFields.TraceId] = TraceIds.Hex(entry.TraceId);
            point.Payload[TraceFields.SpanId] = TraceIds.Hex(entry.SpanId);
        }
        return point;
    }

    /// <summary>Text as the server's BM25 takes it, for points and for queries alike (one avg_len for both).</summary>
    public Document Bm25(string text)
    {
        var document = new Document { Text = text, Model = QdrantSchema.Bm25Model };
        document.Options["avg_len"] = _avgLen;
        return document;
    }

    public List<PointStruct> Points(ReadOnlySpan<LogEntry> entries)
    {
        var points = new List<PointStruct>(entries.Length);
        foreach (ref readonly var entry in entries) points.Add(Point(entry));
        return points;
    }
}
