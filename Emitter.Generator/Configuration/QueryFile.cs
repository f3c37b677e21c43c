using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Emitter.Generator.Configuration;

/// <summary>
/// A file of queries: YAML (a list, or a <c>queries:</c> list as qstorm's queries.yaml) when it
/// ends in .yaml/.yml, otherwise one query a line (blank lines and # comments skipped).
/// </summary>
internal static class QueryFile
{
    public static IReadOnlyList<string> Read(string path, Func<string, ConfigException> refuse)
    {
        var text = File.ReadAllText(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".yaml" or ".yml"))
        {
            return text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw refuse($"{path}:{e.Start.Line}: not valid YAML");
        }
        var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        if (root is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode("queries"), out var inner)) root = inner;
        if (root is not YamlSequenceNode list)
            throw refuse($"{path}: expected a list of queries (or queries: followed by one)");
        return list.Children.Select(n => n is YamlScalarNode { Value: { } v } ? v.Trim() : "").Where(t => t.Length > 0).ToList();
    }
}
