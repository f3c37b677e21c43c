using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Tests.Fakes;

namespace Emitter.Tests.Sinks;

public class SinkStartupTests
{
    /// <summary>A sink whose setup fails a given number of times, transiently or for good.</summary>
    private sealed class StartingSink(int failures, bool transient) : ILogSink
    {
        public int Attempts;
        public string Name => "starting";
        public Task InitializeAsync(SinkContext context, CancellationToken cancellationToken) =>
            ++Attempts <= failures ? throw new IOException($"connection refused (attempt {Attempts})") : Task.CompletedTask;
        public Task WriteAsync(Batch batch, CancellationToken cancellationToken) => Task.CompletedTask;
        public bool IsTransient(Exception exception) => transient && exception is IOException;
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static SinkContext Context()
    {
        var pool = TestPools.Small();
        return new SinkContext(pool, pool.Embedding!);
    }

    [Fact]
    public async Task A_sink_that_cannot_start_stops_the_run_with_its_name_and_reason()
    {
        var sink = new StartingSink(failures: 1, transient: false);
        var error = await Assert.ThrowsAsync<SinkSetupException>(() =>
            SinkStartup.InitializeAsync([sink], Context(), TestContext.Current.CancellationToken));
        Assert.Equal("Sink starting could not start: connection refused (attempt 1)", error.Message);
        Assert.Equal(1, sink.Attempts);
    }

    [Fact]
    public async Task A_config_refusal_from_setup_is_not_retried()
    {
        var sink = new RefusingSink();
        await Assert.ThrowsAsync<ConfigException>(() =>
            SinkStartup.InitializeAsync([sink], Context(), TestContext.Current.CancellationToken));
    }

    private sealed class RefusingSink : ILogSink
    {
        public string Name => "refusing";
        public Task InitializeAsync(SinkContext context, CancellationToken cancellationToken) =>
            throw new ConfigException("table logs has 384 dimensions, the run 1536");
        public Task WriteAsync(Batch batch, CancellationToken cancellationToken) => Task.CompletedTask;
        public bool IsTransient(Exception exception) => true;
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
