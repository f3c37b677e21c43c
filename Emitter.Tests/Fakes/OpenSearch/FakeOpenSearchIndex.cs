using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Emitter.Tests.Fakes;

/// <summary>One index of the fake OpenSearch: settings and mapping as sent, documents by _id, and how often each _id was written.</summary>
/// <param name="time">The clock of scheduled refreshes (<see cref="FakeRefresh"/>).</param>
public sealed class FakeOpenSearchIndex(string name, JsonObject settings, JsonObject mappings, TimeProvider? time = null)
{
    private readonly ConcurrentDictionary<string, JsonObject> _documents = new();
    private readonly ConcurrentDictionary<string, int> _writes = new();
    private readonly ConcurrentDictionary<string, long> _order = new();
    private long _next;

    public string Name { get; } = name;
    public JsonObject Settings { get; } = settings;
    public JsonObject Mappings { get; } = mappings;
    /// <summary>Every document stored, searchable or not yet.</summary>
    public IReadOnlyDictionary<string, JsonObject> Documents => _documents;

    /// <summary>When stored documents become searchable: at the next refresh (index.refresh_interval as created or updated).</summary>
    public FakeRefresh Refresh => _refresh ??= new FakeRefresh(time ?? TimeProvider.System, RefreshInterval);

    private FakeRefresh? _refresh;

    private string? RefreshInterval() =>
        (Settings["index.refresh_interval"] ?? Settings["refresh_interval"] ?? Settings["index"]?["refresh_interval"])?.ToString();
    public IReadOnlyDictionary<string, int> Writes => _writes;

    /// <summary>Documents in the order they were first stored (Lucene doc id order, which breaks equal scores: lucene/core/src/java/org/apache/lucene/search/HitQueue.java).</summary>
    public IReadOnlyList<(string Id, JsonObject Source)> Ordered() =>
        [.. _documents.Where(d => Refresh.Searchable(d.Key)).Select(d => (d.Key, d.Value)).OrderBy(d => _order.GetValueOrDefault(d.Key))];

    /// <summary>Stores the document (a repeat overwrites, as the server) and returns its new _version.</summary>
    public int Store(string id, JsonObject document)
    {
        _documents[id] = document;
        _order.GetOrAdd(id, _ => Interlocked.Increment(ref _next));
        Refresh.Stored(id);
        return _writes.AddOrUpdate(id, 1, (_, n) => n + 1);
    }
}
