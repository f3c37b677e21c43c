namespace Emitter.Dashboard.Contract;

// This file is compiled into both Emitter.Dashboard and Emitter.Generator (a linked file): the
// generator's dashboard sink POSTs it as JSON to /ingest, the dashboard reads it. Internal in
// both, so a project that references the two never sees two copies.

/// <summary>One flushed batch as the dashboard receives it: the entries without their vectors, and the flush's metadata.</summary>
/// <param name="Sequence">The batch's sequence number in its run (from 1).</param>
/// <param name="SealedAt">When the generator sealed (flushed) the batch; the dashboard's latency is measured from here.</param>
/// <param name="Entries">The batch's entries; its size is their count.</param>
internal sealed record IngestBatch(long Sequence, DateTimeOffset SealedAt, IReadOnlyList<IngestEntry> Entries);
