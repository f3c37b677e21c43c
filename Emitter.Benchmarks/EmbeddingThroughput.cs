namespace Emitter.Benchmarks;

public static class EmbeddingThroughput
{
    public static Task RunAsync(EndToEndOptions options) => Task.CompletedTask;
}
