using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores.PgVector;
using Emitter.Tests.Embedding;
using Emitter.Tests.Fakes;
using Emitter.Tests.PgVector;
using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Sinks;

public class SinkStartupTests
{
    /// <summary>A sink whose setup fails a given number of times, transiently or for good.</summary>
    private sealed class StartingSink(int failures, bool transient) : LogSink("starting", "Starting")
    {
        public int Attempts;
        public override Task InitializeAsync(SinkContext context, CancellationToken cancellationToken) =>
            SetupAsync("the fake server", _ => ++Attempts <= failures ? throw new IOException($"connection refused (attempt {Attempts})") : Task.CompletedTask, cancellationToken);
        public override Task<WriteResult> WriteAsync(Batch batch, CancellationToken cancellationToken) => Task.FromResult(WriteResult.Delivered);
        protected override bool IsTransient(Exception exception) => transient && exception is IOException;
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
        // The real thing: pgvector's setup waits out a server that is not ready, with backoff on the
        // clock, and says so in a warning per wait. A table that cannot take the run's vectors is a
        // refusal: given on the first attempt, with no wait, however much time is let pass.
        var table = PgVectorTestDatabase.NewTable("refusal");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        try
        {
            await db.ScalarAsync<object>($"CREATE TABLE \"{table}\" (id uuid PRIMARY KEY, \"timestamp\" timestamptz, service text, level text, message text, embedding vector(4)); SELECT 1");
            var time = new FakeTimeProvider();
            var logger = new CapturingLogger();
            var pool = PgVectorTestPools.Build(8, 8);
            await using var sink = new PgVectorDescriptor().CreateSink(PgVectorSinks.Config(table, null, ("create_indexes", "false")),
                new SinkServices(Stream.Null, new CapturingLoggerFactory(logger), time));

            var init = SinkStartup.InitializeAsync([sink], new SinkContext(pool, pool.Embedding!), TestContext.Current.CancellationToken);
            while (!init.IsCompleted)
            {
                time.Advance(TimeSpan.FromSeconds(1)); // any backoff the setup chose elapses at once
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }

            var error = await Assert.ThrowsAsync<ConfigException>(() => init);
            Assert.Contains($"table {table}", error.Message);
            Assert.Empty(logger.Warnings);
        }
        finally
        {
            await db.DropAsync(table);
        }
    }

    [Fact]
    public async Task A_config_refusal_is_passed_on_as_it_is_even_from_a_sink_that_calls_everything_transient()
    {
        var sink = new RefusingSink();
        var error = await Assert.ThrowsAsync<ConfigException>(() =>
            SinkStartup.InitializeAsync([sink], Context(), TestContext.Current.CancellationToken));
        Assert.Equal("table logs has 384 dimensions, the run 1536", error.Message);
        Assert.Equal(1, sink.Attempts);
    }

    private sealed class RefusingSink() : LogSink("refusing", "Refusing")
    {
        public int Attempts;
        public override Task InitializeAsync(SinkContext context, CancellationToken cancellationToken) => SetupAsync("the fake server", _ =>
        {
            Attempts++;
            return Task.FromException(new ConfigException("table logs has 384 dimensions, the run 1536"));
        }, cancellationToken);
        public override Task<WriteResult> WriteAsync(Batch batch, CancellationToken cancellationToken) => Task.FromResult(WriteResult.Delivered);
        protected override bool IsTransient(Exception exception) => true;
    }
}
