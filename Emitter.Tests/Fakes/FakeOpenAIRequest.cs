namespace Emitter.Tests.Fakes;

/// <summary>One request the fake OpenAI server received, as tests assert on it.</summary>
/// <param name="ReceivedAt">Time since the fake started on its clock (the system's unless given), taken on arrival.</param>
/// <param name="Status">The status the fake answered with.</param>
public sealed record FakeOpenAIRequest(
    TimeSpan ReceivedAt,
    string? Model,
    IReadOnlyList<string> Inputs,
    int? Dimensions,
    string? EncodingFormat,
    int Status)
{
    public int InputCount => Inputs.Count;
}
