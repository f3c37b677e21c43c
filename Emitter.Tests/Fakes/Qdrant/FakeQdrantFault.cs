using Grpc.Core;

namespace Emitter.Tests.Fakes;

/// <summary>
/// What the fake Qdrant plays for one upsert: fail with <paramref name="Status"/> before touching
/// anything, or (no status) apply the points and hold the answer until the client has given up
/// (its deadline cancels the call), as a busy server answers late: the client sees
/// DeadlineExceeded for a write that happened, whatever its deadline and however slow the
/// machine (an event, not a race of two timers).
/// </summary>
public sealed record FakeQdrantFault(StatusCode? Status)
{
    public static FakeQdrantFault Unavailable { get; } = new(StatusCode.Unavailable);
    public static FakeQdrantFault ResourceExhausted { get; } = new(StatusCode.ResourceExhausted);
    public static FakeQdrantFault AnsweredAfterTheDeadline { get; } = new((StatusCode?)null);

    /// <summary>No fault: applied and answered at once (queued before another fault, it picks which upsert gets that one).</summary>
    public static FakeQdrantFault None { get; } = new(StatusCode.OK);
}
