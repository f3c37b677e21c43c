using Emitter.Generator.Configuration;
using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Tests.Fakes;
using Npgsql;

namespace Emitter.Tests.PgVector;

/// <summary>The whole pipeline into the real server: every emitted entry lands once, as every other sink sees it.</summary>
public class PgVectorWriteTests
{
    private const int Dimensions = 64;

    [Theory]
    [InlineData("copy", 1, true)]
    [InlineData("copy", 3, false)]
    [InlineData("unnest", 1, false)]
    public async Task Rows_equal_the_entries_emitted_with_the_same_vectors_other_sinks_write(string mode, int parallelism, bool indexes)
    {
        var table = PgVectorTestDatabase.NewTable($"write_{mode}");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        try
        {
            var pool = PgVectorTestPools.Build(60, Dimensions);
            var recording = new RecordingSink("recording", TimeProvider.System);
            var config = PgVectorSinks.Config(table, null, ("write_mode", mode), ("parallelism", $"{parallelism}"), ("create_indexes", indexes ? "true" : "false"));
            var sinkConfig = config with { Name = "pgvector" };
            var run = FakeClockRun.Config(2, new ServiceConfig("api", 1500, [1, 1, 1, 1], ArrivalProcess.Poisson), new ServiceConfig("worker", 700, [0, 1, 1, 1], ArrivalProcess.Uniform)) with
            {
                BufferSize = 1000,
                ShutdownGraceSecs = 3600,
            };
            await using var sink = PgVectorSinks.Create(sinkConfig);

            var summary = await FakeClockRun.RunAsync(run, pool, 11, [(sink, sinkConfig), (recording, FakeClockRun.SinkConfig("recording"))]);

            Assert.Equal(summary.Emitted, summary.Sinks["pgvector"].Delivered);
            Assert.Equal(0, summary.Sinks["pgvector"].Failed);
            Assert.Equal(summary.Emitted, await db.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\""));
            Assert.Equal(summary.Emitted, await db.ScalarAsync<long>($"SELECT count(DISTINCT id) FROM \"{table}\""));
            Assert.Equal(Dimensions, await db.ScalarAsync<int>($"SELECT min(vector_dims(embedding)) FROM \"{table}\""));
            Assert.Equal(Dimensions, await db.ScalarAsync<int>($"SELECT max(vector_dims(embedding)) FROM \"{table}\""));
            await AssertRowsEqualAsync(db, table, recording.Entries.ToDictionary(e => e.Id), pool.Embedding!.Jitter);
        }
        finally
        {
            await db.DropAsync(table);
        }
    }

    /// <summary>Every column of every row, vectors bit for bit: the jitter is the one <see cref="EmbeddingJitter"/> gives every sink.</summary>
    private static async Task AssertRowsEqualAsync(NpgsqlDataSource db, string table, Dictionary<Guid, LogEntry> expected, float jitter)
    {
        await using var command = db.CreateCommand($"SELECT id, \"timestamp\", service, level, message, embedding FROM \"{table}\"");
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = 0;
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var entry = expected[reader.GetGuid(0)];
            Assert.Equal(entry.Timestamp.UtcTicks / 10, reader.GetFieldValue<DateTime>(1).Ticks / 10);
            Assert.Equal(entry.Service, reader.GetString(2));
            Assert.Equal(entry.Level.Name(), reader.GetString(3));
            Assert.Equal(entry.Text, reader.GetString(4));
            var vector = reader.GetFieldValue<Pgvector.Vector>(5).ToArray();
            Assert.Equal(EmbeddingJitter.Apply(entry.Message.Vector.Span, entry.Id, jitter), vector);
            rows++;
        }
        Assert.Equal(expected.Count, rows);
    }
}
