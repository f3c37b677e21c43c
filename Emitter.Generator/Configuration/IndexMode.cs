namespace Emitter.Generator.Configuration;

/// <summary>
/// What a store sink indexes (<c>index_mode</c>, as logstorm 0.3 names it): vectors only,
/// text only, or both (the default). Keyword mode writes no vectors; vector mode builds no text index.
/// </summary>
public enum IndexMode
{
    Hybrid,
    Vector,
    Keyword,
}

public static class IndexModes
{
    public const string Key = "index_mode";

    /// <summary>The sink's <c>index_mode</c>; hybrid when it is not given.</summary>
    public static IndexMode Read(SinkSettings settings) => settings.Enum(Key, IndexMode.Hybrid);

    public static bool HasVectors(this IndexMode mode) => mode != IndexMode.Keyword;

    public static bool HasText(this IndexMode mode) => mode != IndexMode.Vector;

    public static string Name(this IndexMode mode) => mode.ToString().ToLowerInvariant();
}
