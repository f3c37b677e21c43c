using System.Diagnostics;
using System.Globalization;
using Emitter.Generator.Embedding;
using Emitter.Generator.Pool;

namespace Emitter.Performance;

/// <summary>The local model embedding real pool messages, as the generator does at a cold start (no cache).</summary>
public static class EmbeddingThroughput
{
    public static async Task RunAsync(EndToEndOptions options)
    {
        var texts = MessagePoolBuilder.Build(options.Count, 7).Messages.Select(m => m.Text).ToArray();
        using var generator = new LocalMiniLmEmbeddingGenerator();
        await generator.GenerateAsync(texts.Take(64).ToArray()); // warm-up: session and first allocations

        var clock = Stopwatch.StartNew();
        foreach (var chunk in texts.Chunk(256)) await generator.GenerateAsync(chunk);
        clock.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"embed local: {texts.Length:N0} pool messages with {LocalMiniLmEmbeddingGenerator.Model} in {clock.Elapsed.TotalSeconds:0.00} s = {texts.Length / clock.Elapsed.TotalSeconds:N0} embeddings/s on {Environment.ProcessorCount} cores"));
    }
}
