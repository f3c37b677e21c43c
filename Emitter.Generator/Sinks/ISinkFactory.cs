using Emitter.Generator.Configuration;

namespace Emitter.Generator.Sinks;

/// <summary>Makes one type of sink from its configuration; refuses bad settings with a <see cref="ConfigException"/>.</summary>
public interface ISinkFactory
{
    string Type { get; }

    /// <summary>The sink's own keys (besides <see cref="SinkConfig.CommonKeys"/>); others are refused.</summary>
    IReadOnlyCollection<string> Keys { get; }

    ILogSink Create(SinkConfig config, SinkServices services);

    /// <summary>Whether a sink so configured writes vectors; when none does, the pool is not embedded at all.</summary>
    bool NeedsVectors(SinkSettings settings) => false;
}
