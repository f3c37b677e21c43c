using Grpc.Core;

namespace Emitter.Tests.Fakes;

/// <summary>
/// What the fake Qdrant plays for one upsert: fail with <paramref name="Status"/> before touching
/// anything, or (no status) apply the points and answer only after <paramref name="Delay"/>, as
/// a busy server does; a client whose deadline is shorter sees DeadlineExceeded for a write that happened.
/// </summary>
public sealed record FakeQdrantFault(StatusCode? Status, TimeSpan Delay = default)
{
    public static FakeQdrantFault Unavailable { get; } = new(StatusCode.Unavailable);
    public static FakeQdrantFault ResourceExhausted { get; } = new(StatusCode.ResourceExhausted);
    public static FakeQdrantFault Slow(TimeSpan delay) => new(null, delay);
}
