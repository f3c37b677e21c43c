using Emitter.Dashboard.Contract;

namespace Emitter.Tests.Dashboard;

/// <summary>Ingest batches with chosen content, posted straight to /ingest as the dashboard sink would.</summary>
internal static class TestBatches
{
    private static readonly string[] Levels = ["DEBUG", "INFO", "WARN", "ERROR"];

    /// <param name="messageLength">Padding of each message, to make frames as large as a test needs.</param>
    public static IngestBatch Create(long sequence, int count, int messageLength = 40, string service = "api")
    {
        var now = DateTimeOffset.UtcNow;
        var padding = new string('x', Math.Max(0, messageLength - 24));
        var entries = Enumerable.Range(0, count)
            .Select(i => new IngestEntry(Guid.CreateVersion7(), now, service, Levels[i % Levels.Length], $"batch {sequence} entry {i} {padding}"))
            .ToArray();
        return new IngestBatch(sequence, now, entries);
    }
}
