using Emitter.Generator.Configuration;

namespace Emitter.Generator.Sinks.Stdout;

/// <summary>A stdout sink's settings, checked.</summary>
public sealed record StdoutSinkOptions(StdoutFormat Format, bool IncludeEmbedding)
{
    public static readonly SinkKeys Keys = new();
    private static readonly string FormatKey = Keys.Add("format");
    private static readonly string IncludeEmbeddingKey = Keys.Add("include_embedding");

    public static StdoutSinkOptions Bind(SinkSettings settings)
    {
        settings.OnlyKeys(Keys);
        var format = settings.Enum(FormatKey, StdoutFormat.Text);
        var includeEmbedding = settings.Bool(IncludeEmbeddingKey, false);
        if (includeEmbedding && format != StdoutFormat.Json)
            throw settings.Error(IncludeEmbeddingKey, "applies only to format: json");
        return new StdoutSinkOptions(format, includeEmbedding);
    }
}
