namespace Emitter.Tests.Fakes;

/// <summary>The fields of an embeddings request; Inputs is null when "input" is neither a string nor an array of strings.</summary>
internal sealed record FakeOpenAIRequestBody(string? Model, IReadOnlyList<string>? Inputs, int? Dimensions, string? EncodingFormat);
