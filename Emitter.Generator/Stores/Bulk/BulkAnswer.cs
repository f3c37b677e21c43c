using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.Bulk;

/// <summary>
/// What one <c>_bulk</c> request got back, whatever client sent it: the HTTP status (null: no
/// answer at all), a one-line reason when the request as a whole failed, and one result per
/// document in the order sent (null when the request failed as a whole).
/// </summary>
public sealed record BulkAnswer(int? Status, string? Reason, IReadOnlyList<BulkItemAnswer>? Items)
{
    public static BulkAnswer NoAnswer(string reason) => new(null, reason, null);
}

/// <summary>One document's result: its status and, when refused, the server's error type and reason.</summary>
public readonly record struct BulkItemAnswer(int Status, string? ErrorType, string? ErrorReason)
{
    public bool Stored => Status is >= 200 and < 300;

    public string Describe() => $"{Status} {ErrorType}: {ErrorReason}";
}
