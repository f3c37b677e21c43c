using Emitter.Generator.Configuration;

namespace Emitter.Generator.Sinks;

/// <summary>
/// Makes one type of sink from its configuration: binds the sink's typed options once (they
/// refuse unknown keys and bad values with a <see cref="ConfigException"/>), then builds the sink.
/// </summary>
public interface ISinkFactory
{
    string Type { get; }

    ILogSink Create(SinkConfig config, SinkServices services);

    /// <summary>Whether a sink so configured writes vectors; when none does, the pool is not embedded at all.</summary>
    bool NeedsVectors(SinkSettings settings) => false;
}
