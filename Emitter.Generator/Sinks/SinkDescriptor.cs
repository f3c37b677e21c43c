using Emitter.Generator.Configuration;
using Emitter.Generator.Model;

namespace Emitter.Generator.Sinks;

/// <summary>
/// One sink type, all the run needs of it in one place: its type name, where an Aspire app host
/// announces one, its default <c>on_full</c>, whether it needs the pool's vectors, and how to make
/// its writer and, for a store, its search. The catalog (Stores/SinkCatalog) holds one of each.
/// </summary>
public abstract class SinkDescriptor
{
    /// <summary>The <c>type</c> a sink of this kind is listed with.</summary>
    public abstract string Type { get; }

    /// <summary>Where an app host announces one (its connection string or address); null when none does.</summary>
    public virtual InjectedSink? Injected => null;

    /// <summary>Block (lose nothing) for stores; a live view that must never slow the generator drops.</summary>
    public virtual OnFullPolicy DefaultOnFull => OnFullPolicy.Block;

    /// <summary>Whether a bench can search what it writes (<see cref="CreateSearch"/>).</summary>
    public virtual bool Searchable => false;

    /// <summary>The sink setting that names what it writes to and a bench searches (table_name, collection_name, index_name); null for a sink not searched.</summary>
    public virtual string? TargetKey => null;

    /// <summary>Whether its keyword search can require every word of a query (match: all).</summary>
    public virtual bool MatchesAllWords => true;

    /// <summary>What the config loader needs of it.</summary>
    public SinkType ConfigType => new(Type, DefaultOnFull, Injected);

    /// <summary>Whether a sink so configured writes vectors; when none does, the pool is not embedded at all.</summary>
    public virtual bool NeedsVectors(SinkSettings settings) => false;

    /// <summary>
    /// The sink, from its validated settings (they refuse unknown keys and bad values with a
    /// <see cref="ConfigException"/>). <paramref name="deferIndexes"/>: leave the search indexes
    /// out, for a bench to build after its pre-seed (<see cref="ISearchStore.BuildIndexesAsync"/>).
    /// </summary>
    public abstract ILogSink CreateSink(SinkConfig config, SinkServices services, bool deferIndexes = false);

    /// <summary>The read side of a sink so configured: the same server and table/collection/index.</summary>
    /// <param name="shape">ef, match and fetch, sent in this store's own form.</param>
    public virtual ISearchStore CreateSearch(SinkConfig config, SinkServices services, SearchShape shape, bool deferIndexes = false) =>
        throw new NotSupportedException($"a {Type} sink is not searched");
}

/// <summary>A sink type with typed options, bound once per sink and given to what it makes.</summary>
public abstract class SinkDescriptor<TOptions> : SinkDescriptor
{
    /// <summary>The typed options, validated (a <see cref="ConfigException"/> names file, key and line).</summary>
    public abstract TOptions Bind(SinkSettings settings);

    protected abstract ILogSink CreateSink(SinkConfig config, TOptions options, SinkServices services);

    public sealed override ILogSink CreateSink(SinkConfig config, SinkServices services, bool deferIndexes = false) =>
        CreateSink(config, Options(config, deferIndexes), services);

    /// <summary>The options with the indexes left out that a bench builds after its pre-seed; unchanged for a sink that indexes as it goes.</summary>
    protected virtual TOptions DeferIndexes(TOptions options) => options;

    protected TOptions Options(SinkConfig config, bool deferIndexes)
    {
        var options = Bind(config.Settings);
        return deferIndexes ? DeferIndexes(options) : options;
    }
}

/// <summary>A store: a sink a bench also searches, whose <c>index_mode</c> says whether it needs vectors.</summary>
public abstract class StoreDescriptor<TOptions> : SinkDescriptor<TOptions>
{
    public sealed override bool Searchable => true;

    public override bool NeedsVectors(SinkSettings settings) => IndexModes.Read(settings).HasVectors();

    protected abstract ISearchStore CreateSearch(string name, TOptions options, SinkServices services, SearchShape shape);

    public sealed override ISearchStore CreateSearch(SinkConfig config, SinkServices services, SearchShape shape, bool deferIndexes = false) =>
        CreateSearch(config.Name, Options(config, deferIndexes), services, shape);
}
