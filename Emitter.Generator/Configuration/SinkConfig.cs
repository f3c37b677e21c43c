namespace Emitter.Generator.Configuration;

/// <summary>One configured sink: the keys every sink shares, and its own in <see cref="Settings"/>.</summary>
/// <param name="QueueCapacity">Batches the sink's queue holds before <see cref="OnFull"/> applies.</param>
public sealed record SinkConfig(string Type, string Name, OnFullPolicy OnFull, int QueueCapacity, SinkSettings Settings)
{
    /// <summary>Keys every sink accepts besides its own.</summary>
    public static readonly string[] CommonKeys = ["type", "name", "on_full", "queue_capacity"];

    public const int DefaultQueueCapacity = 16;

    /// <summary>Batches a sink's queue may hold (each up to buffer_size entries).</summary>
    public const int MaxQueueCapacity = 1_000;

}
