using Emitter.Generator.Batching;
using Emitter.Generator.Model;

namespace Emitter.Generator.Sinks;

/// <summary>
/// What one <see cref="ILogSink.WriteAsync"/> did with its batch, as a value: the pipeline counts
/// from it (delivered = the batch − failed − the remainder, or all dropped) and retries the
/// <see cref="Remainder"/> alone with the write profile, so nothing stored is sent again and
/// <c>emitted = delivered + failed + dropped</c> stays exact.
/// </summary>
public sealed record WriteResult
{
    public static WriteResult Delivered { get; } = new();

    /// <summary>Entries refused for good (mapping, bad argument): counted failed, never sent again.</summary>
    public int Failed { get; private init; }
    public string? FailedReason { get; private init; }

    /// <summary>Entries the server answered "not now" (429, 5xx, a broken connection): the pipeline's next attempt sends only these.</summary>
    public Batch? Remainder { get; private init; }
    public string? RemainderReason { get; private init; }

    /// <summary>The server's wish for the wait before the remainder goes again (Retry-After).</summary>
    public TimeSpan? RetryAfter { get; private init; }

    /// <summary>Set when a live view could not take the batch (or its last <see cref="DroppedCount"/>): counted dropped, with this reason, and not retried.</summary>
    public string? DroppedReason { get; private init; }

    /// <summary>Some entries refused for good, perhaps some left to retry: the rest were stored.</summary>
    public static WriteResult PartlyFailed(int failed, string reason, WriteResult? left = null) =>
        (left ?? Delivered) with { Failed = failed, FailedReason = failed > 0 ? reason : null };

    /// <summary>What is left of the batch (perhaps all of it) for the pipeline to send again.</summary>
    public static WriteResult Retry(Batch remainder, string reason, TimeSpan? retryAfter = null) =>
        new() { Remainder = remainder, RemainderReason = reason, RetryAfter = retryAfter };

    /// <summary>How many of the batch were dropped (the last ones; the rest were taken); null: all of it.</summary>
    public int? DroppedCount { get; private init; }

    /// <summary>A live view's loss: the batch, or its last <paramref name="count"/> entries, dropped (counted, explained), never failed.</summary>
    public static WriteResult Dropped(string reason, int? count = null) => new() { DroppedReason = reason, DroppedCount = count };

    /// <summary>
    /// Set when the destination is gone for good (stdout closed by its reader): the sink stops,
    /// this batch's <see cref="Failed"/> and everything after it fail with this reason, and the run stops.
    /// </summary>
    public bool IsGone { get; private init; }

    /// <summary>The destination went away for good: <paramref name="failed"/> of the batch were not taken (the rest were).</summary>
    public static WriteResult Gone(int failed, string reason) => PartlyFailed(failed, reason) with { IsGone = true, FailedReason = reason };

    /// <summary>Whether the pipeline has something to send again.</summary>
    public bool HasRemainder => Remainder is { Count: > 0 } && DroppedReason is null;
}
