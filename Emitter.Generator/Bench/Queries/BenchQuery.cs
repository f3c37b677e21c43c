namespace Emitter.Generator.Bench.Queries;

/// <summary>One query as every mode needs it: the text (keyword, hybrid) and its embedding (vector, hybrid).</summary>
public sealed record BenchQuery(string Text, ReadOnlyMemory<float> Vector);
