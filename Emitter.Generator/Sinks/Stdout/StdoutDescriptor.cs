using Emitter.Generator.Configuration;

namespace Emitter.Generator.Sinks.Stdout;

public sealed class StdoutDescriptor : SinkDescriptor<StdoutSinkOptions>
{
    public override string Type => SinkTypes.Stdout;

    public override bool NeedsVectors(SinkSettings settings) => settings.Bool("include_embedding", false);

    public override StdoutSinkOptions Bind(SinkSettings settings) => StdoutSinkOptions.Bind(settings);

    protected override ILogSink CreateSink(SinkConfig config, StdoutSinkOptions options, SinkServices services) =>
        new StdoutSink(config.Name, services.Stdout, options.Format, options.IncludeEmbedding);
}
