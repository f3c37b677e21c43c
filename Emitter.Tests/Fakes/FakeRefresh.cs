using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Emitter.Generator.Model;

namespace Emitter.Tests.Fakes;

/// <summary>
/// When a document written to the fake Elasticsearch or the fake OpenSearch becomes searchable:
/// at the next refresh, as on the servers (Lucene near-real-time search: an indexed document is in
/// the shard's searcher only once a refresh has opened a new one). A refresh comes
/// <list type="bullet">
/// <item>every <c>index.refresh_interval</c> (default 1s; <c>-1</c> turns it off), from the index's
/// creation: Elasticsearch 9.1.5 server/src/main/java/org/elasticsearch/index/IndexService.java
/// (AsyncRefreshTask, scheduled at IndexSettings.getRefreshInterval(), runs maybeRefreshEngine) and
/// OpenSearch 3.8.0 server/src/main/java/org/opensearch/index/IndexService.java (the same task it forked);</item>
/// <item>or on <c>_refresh</c>, which makes everything written before it searchable
/// (RestRefreshAction → TransportShardRefreshAction → IndexShard.refresh).</item>
/// </list>
/// Not imitated: a shard that has seen no search for <c>index.search.idle.after</c> (30s) skips
/// scheduled refreshes when refresh_interval is left unset, and the next search waits for one
/// (IndexShard.scheduledRefresh / awaitShardSearchActive); a bench searches all the time, so its
/// shards are never idle. An overwritten document is hidden until the refresh (the server would
/// still show the old version).
/// </summary>
public sealed partial class FakeRefresh(TimeProvider time, Func<string?> interval)
{
    public const string DefaultInterval = "1s";

    private readonly long _created = time.GetTimestamp();
    private readonly ConcurrentDictionary<string, (long Sequence, long StoredAt)> _stored = new();
    private long _sequence, _refreshedThrough;

    /// <summary>Refreshes asked for with <c>_refresh</c>.</summary>
    public long Refreshes { get; private set; }

    public void Stored(string id) => _stored[id] = (Interlocked.Increment(ref _sequence), time.GetTimestamp());

    /// <summary><c>_refresh</c>: everything stored so far becomes searchable.</summary>
    public void Refresh()
    {
        Interlocked.Exchange(ref _refreshedThrough, Interlocked.Read(ref _sequence));
        Refreshes++;
    }

    /// <summary>Whether a refresh has come since the document was stored.</summary>
    public bool Searchable(string id)
    {
        if (!_stored.TryGetValue(id, out var stored)) return false;
        if (stored.Sequence <= Interlocked.Read(ref _refreshedThrough)) return true;
        if (Interval(interval()) is not { } every) return false;
        // The first scheduled refresh after the write: the next multiple of the interval since creation.
        var ticksBefore = Math.Floor(time.GetElapsedTime(_created, stored.StoredAt) / every);
        return time.GetElapsedTime(_created) >= every * (ticksBefore + 1);
    }

    /// <summary>A time value as the servers parse it (libs/core/src/main/java/org/elasticsearch/core/TimeValue.java); null: no scheduled refresh.</summary>
    public static TimeSpan? Interval(string? value)
    {
        value ??= DefaultInterval;
        if (value is "-1") return null;
        var match = TimeValue().Match(value);
        if (!match.Success) return TimeSpan.FromSeconds(1);
        var amount = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var span = match.Groups[2].Value switch
        {
            "nanos" => TimeSpan.FromTicks((long)(amount / 100)),
            "micros" => TimeSpan.FromMicroseconds(amount),
            "ms" => TimeSpan.FromMilliseconds(amount),
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            "d" => TimeSpan.FromDays(amount),
            _ => TimeSpan.FromMilliseconds(amount),
        };
        return span > TimeSpan.Zero ? span : null;
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(nanos|micros|ms|s|m|h|d)?$")]
    private static partial Regex TimeValue();
}
