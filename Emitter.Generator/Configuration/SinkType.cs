namespace Emitter.Generator.Configuration;

/// <summary>What the config loader needs to know of one sink type (the catalog's descriptors give it).</summary>
/// <param name="Name">The <c>type</c> a sink is listed with.</param>
/// <param name="DefaultOnFull">The sink's <c>on_full</c> when the file does not say.</param>
/// <param name="Injected">Where an Aspire app host announces one, adding the sink when the file does not list it.</param>
public sealed record SinkType(string Name, OnFullPolicy DefaultOnFull, InjectedSink? Injected);

/// <param name="ConfigurationKey">The configuration key the app host sets (<c>ConnectionStrings:pgvector</c>).</param>
/// <param name="SettingKey">The sink setting its value becomes (<c>connection_string</c>).</param>
/// <param name="Extras">More settings of the injected sink, each taken when its configuration key is set.</param>
public sealed record InjectedSink(string ConfigurationKey, string SettingKey, IReadOnlyList<(string ConfigurationKey, string SettingKey)>? Extras = null);
