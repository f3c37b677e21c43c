using Emitter.Generator.Batching;

namespace Emitter.Generator.Sinks;

/// <summary>Discards batches: for measuring the pipeline without an output's cost.</summary>
public sealed class NullSink(string name) : ILogSink
{
    public string Name { get; } = name;
    public Task InitializeAsync(SinkContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task WriteAsync(Batch batch, CancellationToken cancellationToken) => Task.CompletedTask;
    public bool IsTransient(Exception exception) => false;
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
