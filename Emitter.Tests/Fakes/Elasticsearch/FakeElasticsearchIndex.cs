using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Emitter.Tests.Fakes;

/// <summary>
/// One index of the fake Elasticsearch: its mapping as received, documents by _id, and how
/// often each _id was written (a repeat overwrites and bumps _version, as on the server).
/// Documents are checked against the mapping the way the server rejects them: dense_vector dimensions.
/// </summary>
/// <param name="time">The clock of scheduled refreshes (<see cref="FakeRefresh"/>).</param>
public sealed class FakeElasticsearchIndex(string name, JsonObject mappings, TimeProvider? time = null)
{
    private readonly ConcurrentDictionary<string, JsonObject> _documents = new();
    private readonly ConcurrentDictionary<string, int> _writes = new();
    private readonly ConcurrentDictionary<string, long> _order = new();
    private long _next;

    public string Name { get; } = name;

    /// <summary>The <c>mappings</c> object as the create request gave it (an empty one if the index was made by a write).</summary>
    public JsonObject Mappings { get; } = mappings;

    /// <summary>Index settings set through <c>PUT _settings</c>, by flat key (<see cref="FakeElasticsearchSettings"/>).</summary>
    public ConcurrentDictionary<string, string> Settings { get; } = new();

    /// <summary>Every document stored, searchable or not yet (the translog's view: what <c>GET</c> by id would see).</summary>
    public IReadOnlyDictionary<string, JsonObject> Documents => _documents;

    /// <summary>When stored documents become searchable: at the next refresh.</summary>
    public FakeRefresh Refresh => _refresh ??= new FakeRefresh(time ?? TimeProvider.System, () => Settings.GetValueOrDefault("index.refresh_interval"));

    private FakeRefresh? _refresh;
    public IReadOnlyDictionary<string, int> Writes => _writes;

    /// <summary>The server's refusal of a document, or null: a dense_vector of the wrong length fails to parse.</summary>
    public string? Check(string id, JsonObject document)
    {
        if (Mappings["properties"] is not JsonObject properties) return null;
        foreach (var (field, mapping) in properties)
        {
            if (mapping?["type"]?.GetValue<string>() != "dense_vector" || document[field] is not JsonArray vector) continue;
            var dims = mapping["dims"]?.GetValue<int>();
            if (dims is { } expected && vector.Count != expected)
                return $"[1:1] failed to parse: The [dense_vector] field [{field}] in doc [document with id '{id}'] has a different number of dimensions [{vector.Count}] than defined in the mapping [{expected}]";
        }
        return null;
    }

    /// <summary>The searchable documents (refreshed: <see cref="Refresh"/>) in the order they were first stored (Lucene doc id order, which breaks equal scores: lucene/core/src/java/org/apache/lucene/search/HitQueue.java).</summary>
    public IReadOnlyList<(string Id, JsonObject Source)> Ordered() =>
        [.. _documents.Where(d => Refresh.Searchable(d.Key)).Select(d => (d.Key, d.Value)).OrderBy(d => _order.GetValueOrDefault(d.Key))];

    /// <summary>Stores the document and returns its new _version.</summary>
    public int Store(string id, JsonObject document)
    {
        _documents[id] = document;
        _order.GetOrAdd(id, _ => Interlocked.Increment(ref _next));
        Refresh.Stored(id);
        return _writes.AddOrUpdate(id, 1, (_, n) => n + 1);
    }
}
