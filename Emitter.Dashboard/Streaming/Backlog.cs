using System.Runtime.InteropServices;
using Emitter.Dashboard.Contract;

namespace Emitter.Dashboard.Streaming;

/// <summary>
/// What a client gets on connect: the newest entries received (a ring of at most
/// <c>capacity</c>, whatever the ingest rate) and the totals since the dashboard started.
/// Not thread-safe: <see cref="ClientHub"/> adds and snapshots under its lock.
/// </summary>
internal sealed class Backlog(int capacity)
{
    private readonly IngestEntry[] _ring = new IngestEntry[Math.Max(0, capacity)];
    private readonly Dictionary<string, long> _byService = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byLevel = new(StringComparer.Ordinal);
    private int _next, _count;

    public long Flushes { get; private set; }
    public long Entries { get; private set; }

    public void Add(IReadOnlyList<IngestEntry> entries)
    {
        Flushes++;
        Entries += entries.Count;
        foreach (var entry in entries)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_byService, entry.Service, out _)++;
            CollectionsMarshal.GetValueRefOrAddDefault(_byLevel, entry.Level, out _)++;
        }
        if (_ring.Length == 0) return;
        // Only the newest that fit can stay: skip the rest of a large batch.
        for (var i = Math.Max(0, entries.Count - _ring.Length); i < entries.Count; i++)
        {
            _ring[_next] = entries[i];
            _next = (_next + 1) % _ring.Length;
            _count = Math.Min(_count + 1, _ring.Length);
        }
    }

    /// <summary>The first service in <paramref name="entries"/> that would make more than <paramref name="max"/> distinct ones, or null.</summary>
    public string? ServiceBeyond(IReadOnlyList<IngestEntry> entries, int max)
    {
        HashSet<string>? added = null;
        foreach (var entry in entries)
        {
            if (_byService.ContainsKey(entry.Service) || added?.Contains(entry.Service) == true) continue;
            (added ??= new(StringComparer.Ordinal)).Add(entry.Service);
            if (_byService.Count + added.Count > max) return entry.Service;
        }
        return null;
    }

    public BacklogSnapshot Snapshot()
    {
        var entries = new IngestEntry[_count];
        var oldest = (_next - _count + _ring.Length) % Math.Max(1, _ring.Length);
        for (var i = 0; i < _count; i++) entries[i] = _ring[(oldest + i) % _ring.Length];
        return new BacklogSnapshot(Flushes, Entries, new Dictionary<string, long>(_byService, StringComparer.Ordinal),
            new Dictionary<string, long>(_byLevel, StringComparer.Ordinal), entries);
    }
}
