using Emitter.Dashboard.Contract;

namespace Emitter.Dashboard.Streaming;

/// <summary>The backlog at one instant, copied so it can be serialised outside the hub's lock.</summary>
/// <param name="Entries">The newest entries kept, oldest first.</param>
internal sealed record BacklogSnapshot(long Flushes, long TotalEntries, IReadOnlyDictionary<string, long> ByService,
    IReadOnlyDictionary<string, long> ByLevel, IReadOnlyList<IngestEntry> Entries);
