using Emitter.Generator.Batching;
using Emitter.Generator.Model;

namespace Emitter.Generator.Sinks.Null;

/// <summary>Discards batches: for measuring the pipeline without an output's cost.</summary>
public sealed class NullSink(string name) : LogSink(name, "Null")
{
    private static readonly Task<WriteResult> Done = Task.FromResult(WriteResult.Delivered);

    public override Task InitializeAsync(SinkContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    public override Task<WriteResult> WriteAsync(Batch batch, CancellationToken cancellationToken) => Done;
}
