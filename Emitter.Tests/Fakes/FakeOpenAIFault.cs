namespace Emitter.Tests.Fakes;

/// <summary>
/// A failure the fake OpenAI server plays for one request: an error status (with optional
/// Retry-After / retry-after-ms headers and OpenAI error code), or a stall before answering.
/// </summary>
public sealed record FakeOpenAIFault(
    int Status,
    string? RetryAfter = null,
    string? RetryAfterMs = null,
    string? Code = null,
    TimeSpan Stall = default);
