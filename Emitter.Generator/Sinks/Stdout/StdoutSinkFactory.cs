using Emitter.Generator.Configuration;

namespace Emitter.Generator.Sinks.Stdout;

public sealed class StdoutSinkFactory : ISinkFactory
{
    public string Type => SinkTypes.Stdout;

    public bool NeedsVectors(SinkSettings settings) => settings.Bool("include_embedding", false);

    public ILogSink Create(SinkConfig config, SinkServices services)
    {
        var options = StdoutSinkOptions.Bind(config.Settings);
        return new StdoutSink(config.Name, services.Stdout, options.Format, options.IncludeEmbedding);
    }
}
