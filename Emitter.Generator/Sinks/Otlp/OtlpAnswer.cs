namespace Emitter.Generator.Sinks.Otlp;

/// <summary>
/// What the server answered one export request, as the specification sorts answers: accepted
/// (perhaps with <see cref="Rejected"/> items and the server's message: a partial success, never
/// retried), "not now" (a retryable code, perhaps with the server's wait), or refused for good.
/// </summary>
internal sealed record OtlpAnswer
{
    public long Rejected { get; private init; }
    public string? Message { get; private init; }
    public bool Retryable { get; private init; }
    public bool Refused { get; private init; }
    public TimeSpan? RetryAfter { get; private init; }

    public static OtlpAnswer Accepted(long rejected, string? message) => new() { Rejected = rejected, Message = message };

    public static OtlpAnswer Retry(string reason, TimeSpan? after) => new() { Retryable = true, Message = reason, RetryAfter = after };

    public static OtlpAnswer Refuse(string reason) => new() { Refused = true, Message = reason };
}
