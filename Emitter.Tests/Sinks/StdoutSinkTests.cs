using System.Text;
using System.Text.Json;
using Emitter.Generator.Batching;
using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Sinks.Stdout;
using Emitter.Tests.Fakes;

namespace Emitter.Tests.Sinks;

public class StdoutSinkTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 18, 53, 6, 123, TimeSpan.Zero);

    private static async Task<string[]> WriteAsync(StdoutFormat format, bool includeEmbedding, params LogEntry[] entries)
    {
        var output = new MemoryStream();
        var pool = TestPools.Small();
        await using var sink = new StdoutSink("stdout", output, format, includeEmbedding);
        await sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), TestContext.Current.CancellationToken);
        await sink.WriteAsync(new Batch(entries, entries.Length, 1, At), TestContext.Current.CancellationToken);
        await sink.WriteAsync(new Batch(entries, entries.Length, 2, At), TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static LogEntry[] Entries()
    {
        var pool = TestPools.Small();
        return [.. pool.Messages.Take(6).Select((m, i) => new LogEntry(Guid.CreateVersion7(At), At.AddMilliseconds(i), i % 2 == 0 ? "api" : "billing \"eu\"", m.Level, m))];
    }

    [Fact]
    public async Task Text_lines_carry_timestamp_level_service_and_message()
    {
        var entries = Entries();
        var lines = await WriteAsync(StdoutFormat.Text, false, entries);

        Assert.Equal(12, lines.Length);
        Assert.Equal($"2026-11-27T18:53:06.1230000Z DEBUG [api] {entries[0].Text}", lines[0]);
        Assert.Equal($"2026-11-27T18:53:06.1240000Z DEBUG [billing \"eu\"] {entries[1].Text}", lines[1]);
    }

    [Fact]
    public async Task Json_lines_each_parse_and_carry_the_same_vector_every_sink_would_write()
    {
        var entries = Entries();
        var lines = await WriteAsync(StdoutFormat.Json, true, entries);

        Assert.Equal(12, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var json = JsonDocument.Parse(lines[i]).RootElement;
            var entry = entries[i % entries.Length];
            Assert.Equal(entry.Id, json.GetProperty("id").GetGuid());
            Assert.Equal(entry.Service, json.GetProperty("service").GetString());
            Assert.Equal(entry.Level.Name(), json.GetProperty("level").GetString());
            Assert.Equal(entry.Text, json.GetProperty("message").GetString());
            Assert.Equal(entry.Timestamp, json.GetProperty("timestamp").GetDateTimeOffset());
            var expected = EmbeddingJitter.Apply(entry.Message.Vector.Span, entry.Id, 0.01f);
            Assert.Equal(expected, json.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray());
        }
    }
}
