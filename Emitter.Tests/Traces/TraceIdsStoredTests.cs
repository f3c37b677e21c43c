using System.Text;
using System.Text.Json;
using Emitter.Generator.Batching;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Sinks.Stdout;
using Emitter.Generator.Stores.Elasticsearch;
using Emitter.Generator.Stores.Qdrant;
using Emitter.Tests.Fakes;
using Emitter.Tests.PgVector;
using Emitter.Tests.Sinks;
using Microsoft.Extensions.Logging.Abstractions;
using Qdrant.Client;

namespace Emitter.Tests.Traces;

/// <summary>
/// Every sink stores an entry's trace_id (32 hex) and span_id (16 hex), and leaves them out (null)
/// for entries without trace context: stdout JSON, Qdrant payload and Elasticsearch documents
/// through their fakes, pgvector for real.
/// </summary>
public class TraceIdsStoredTests
{
    // SinkDrive gives even entries trace context: trace id i+1 then 00c0ffee, span id i+1.
    private const string TraceOf42 = "000000000000002b0000000000c0ffee";
    private const string SpanOf42 = "000000000000002b";

    [Fact]
    public void The_ids_are_written_in_w3c_hex()
    {
        Assert.Equal(TraceOf42, Generator.Emission.TraceIds.Hex(SinkDrive.TraceId(42)));
        Assert.Equal(SpanOf42, Generator.Emission.TraceIds.Hex(43UL));
        var ids = new Generator.Emission.TraceIds();
        Assert.Matches("^[0-9a-f]{32}$", Generator.Emission.TraceIds.Hex(ids.NextTraceId()));
        Assert.Matches("^[0-9a-f]{16}$", Generator.Emission.TraceIds.Hex(ids.NextSpanId()));
    }

    [Fact]
    public async Task Stdout_json_lines_carry_trace_id_and_span_id_fields()
    {
        var pool = TestPools.Small();
        var entries = SinkDrive.Entries(pool, 4);
        var output = new MemoryStream();
        await using (var sink = new StdoutSink("stdout", output, StdoutFormat.Json, includeEmbedding: false))
        {
            await sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), TestContext.Current.CancellationToken);
            await sink.WriteAsync(new Batch(entries, entries.Length, 1, SinkDrive.Start), TestContext.Current.CancellationToken);
        }
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();

        Assert.Equal("000000000000000300000000" + "00c0ffee", lines[2].GetProperty("trace_id").GetString());
        Assert.Equal("0000000000000003", lines[2].GetProperty("span_id").GetString());
        Assert.False(lines[1].TryGetProperty("trace_id", out _));
        Assert.False(lines[1].TryGetProperty("span_id", out _));
    }

    [Fact]
    public async Task Qdrant_points_carry_them_in_the_payload_with_a_keyword_index_on_trace_id()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var pool = TestPools.Small(dimensions: 8);
        var entries = SinkDrive.Entries(pool, 100);
        var sink = new QdrantSink("qdrant", new QdrantSinkOptions { Endpoint = server.Endpoint, ApiKey = server.ApiKey, Collection = "logs", Timeout = TimeSpan.FromSeconds(10) },
            TimeProvider.System, NullLoggerFactory.Instance);
        var (stats, _) = await SinkDrive.RunAsync(sink, pool, entries, batchSize: 50);
        Assert.Equal(100, stats.Delivered);

        using var client = new QdrantClient(server.Endpoint);
        var traced = Assert.Single(await client.RetrieveAsync("logs", entries[42].Id, withPayload: true, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(TraceOf42, traced.Payload["trace_id"].StringValue);
        Assert.Equal(SpanOf42, traced.Payload["span_id"].StringValue);
        var untraced = Assert.Single(await client.RetrieveAsync("logs", entries[43].Id, withPayload: true, cancellationToken: TestContext.Current.CancellationToken));
        Assert.False(untraced.Payload.ContainsKey("trace_id"));
        Assert.Equal(global::Qdrant.Client.Grpc.PayloadSchemaType.Keyword, server.Collection("logs").PayloadIndexes["trace_id"]);
    }

    [Fact]
    public async Task Elasticsearch_documents_carry_them_as_keyword_fields()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var pool = TestPools.Small(dimensions: 8);
        var entries = SinkDrive.Entries(pool, 100);
        var sink = new ElasticsearchSink("elasticsearch", new ElasticsearchSinkOptions { Url = server.Url }, TimeProvider.System, NullLoggerFactory.Instance);
        var (stats, _) = await SinkDrive.RunAsync(sink, pool, entries, batchSize: 50);
        Assert.True(stats.Delivered == 100, stats.FirstError);

        var index = server.Index("logs");
        Assert.Equal(TraceOf42, index.Documents[entries[42].Id.ToString()]["trace_id"]!.GetValue<string>());
        Assert.Equal(SpanOf42, index.Documents[entries[42].Id.ToString()]["span_id"]!.GetValue<string>());
        Assert.Null(index.Documents[entries[43].Id.ToString()]["trace_id"]);
        Assert.Equal("keyword", index.Mappings["properties"]?["trace_id"]?["type"]?.GetValue<string>());
        Assert.Equal("keyword", index.Mappings["properties"]?["span_id"]?["type"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("copy")]
    [InlineData("unnest")]
    public async Task Pgvector_stores_them_in_text_columns_with_an_index_on_trace_id(string writeMode)
    {
        var table = PgVectorTestDatabase.NewTable("traceids");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        var pool = PgVectorTestPools.Build(20, 8);
        var entries = SinkDrive.Entries(pool, 100);
        try
        {
            await using (var sink = PgVectorSinks.Create(table, ("write_mode", writeMode)))
            {
                await sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), TestContext.Current.CancellationToken);
                await sink.WriteAsync(new Batch(entries, entries.Length, 1, SinkDrive.Start), TestContext.Current.CancellationToken);
            }

            Assert.Equal(SpanOf42, await db.ScalarAsync<string>($"SELECT span_id FROM \"{table}\" WHERE trace_id = $1", TraceOf42));
            Assert.Equal(entries[42].Id, await db.ScalarAsync<Guid>($"SELECT id FROM \"{table}\" WHERE trace_id = $1", TraceOf42));
            Assert.Equal(50L, await db.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\" WHERE trace_id IS NULL AND span_id IS NULL"));
            Assert.Contains("btree (trace_id)", await db.ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE tablename = $1 AND indexname = $2", table, $"{table}_trace_id"));
        }
        finally
        {
            await db.DropAsync(table);
        }
    }

    [Fact]
    public async Task A_pgvector_table_from_before_trace_ids_gets_the_columns_at_start_and_keeps_its_rows()
    {
        var table = PgVectorTestDatabase.NewTable("traceold");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        var pool = PgVectorTestPools.Build(20, 8);
        var entries = SinkDrive.Entries(pool, 40);
        try
        {
            await using (var first = PgVectorSinks.Create(table))
            {
                await first.InitializeAsync(new SinkContext(pool, pool.Embedding!), TestContext.Current.CancellationToken);
                await first.WriteAsync(new Batch(entries[..20], 20, 1, SinkDrive.Start), TestContext.Current.CancellationToken);
            }
            // The table as main made it: no trace columns (dropping them drops their index too).
            await using (var drop = db.CreateCommand($"ALTER TABLE \"{table}\" DROP COLUMN trace_id, DROP COLUMN span_id"))
                await drop.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);

            await using (var again = PgVectorSinks.Create(table))
            {
                await again.InitializeAsync(new SinkContext(pool, pool.Embedding!), TestContext.Current.CancellationToken);
                await again.WriteAsync(new Batch(entries[20..], 20, 2, SinkDrive.Start), TestContext.Current.CancellationToken);
            }

            Assert.Equal(40L, await db.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\""));
            Assert.Equal(30L, await db.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\" WHERE trace_id IS NULL"));
            Assert.Equal(entries[20].Id, await db.ScalarAsync<Guid>($"SELECT id FROM \"{table}\" WHERE trace_id = $1", Generator.Emission.TraceIds.Hex(SinkDrive.TraceId(20))));
            Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_indexes WHERE tablename = $1 AND indexname = $2", table, $"{table}_trace_id"));
        }
        finally
        {
            await db.DropAsync(table);
        }
    }
}
