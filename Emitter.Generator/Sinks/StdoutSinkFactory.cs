using Emitter.Generator.Configuration;

namespace Emitter.Generator.Sinks;

public sealed class StdoutSinkFactory : ISinkFactory
{
    public string Type => SinkTypes.Stdout;
    public IReadOnlyCollection<string> Keys { get; } = ["format", "include_embedding"];

    public bool NeedsVectors(SinkSettings settings) => settings.Bool("include_embedding", false);

    public ILogSink Create(SinkConfig config, SinkServices services)
    {
        var format = config.Settings.Enum("format", StdoutFormat.Text);
        var includeEmbedding = config.Settings.Bool("include_embedding", false);
        if (includeEmbedding && format != StdoutFormat.Json)
            throw config.Settings.Error("include_embedding", "applies only to format: json");
        return new StdoutSink(config.Name, services.Stdout, format, includeEmbedding);
    }
}
