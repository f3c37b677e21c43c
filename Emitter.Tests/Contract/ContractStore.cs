using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Emitter.Tests.Bench;
using Emitter.Tests.Faults;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.Contract;

/// <summary>What a store's index holds as index_mode decides it: a vector field, a text index, the vector on an entry.</summary>
public sealed record StoredShape(bool VectorField, bool TextIndexed, bool EntryHasVector);

/// <summary>
/// One started store under the contract (<see cref="StoreContractTests"/>): how a sink and a search
/// store are configured for it (as a config file would, through the catalogs), what it holds, and
/// the faults a test can arm on it. Each test gets its own target (table, collection, index), so
/// tests run side by side. A store that cannot play a fault skips that case with the reason.
/// </summary>
public abstract class ContractStore : IAsyncDisposable
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The sink type, also the sink's name in configs and summaries.</summary>
    public abstract string Type { get; }

    /// <summary>The table, collection or index this test writes.</summary>
    public abstract string Target { get; }

    /// <summary>The config key naming <see cref="Target"/> (a refusal names it).</summary>
    public abstract string TargetKey { get; }

    /// <summary>A secret in the settings that no message may show.</summary>
    public abstract string Secret { get; }

    /// <summary>Whether a refusal for good fails only the refused entries (else the request, transaction or slice that carried them).</summary>
    public abstract bool RefusesSingleEntries { get; }

    /// <summary>Words the reason of a refusal for good carries.</summary>
    public abstract string RefusalReason { get; }

    /// <summary>The sink's settings; with <paramref name="viaPort"/>, reaching the server through a proxy on that port.</summary>
    protected abstract IEnumerable<(string Key, string Value)> Settings(int? viaPort);

    /// <summary>Settings of a sink that points at <paramref name="port"/>, where nothing listens, and the secret among them.</summary>
    public abstract (IEnumerable<(string Key, string Value)> Settings, string Secret) Unreachable(int port);

    /// <summary>Whether faults can be armed on cue (a fake, or a real server's own triggers); a container's cannot.</summary>
    public virtual bool PlaysFaults => true;

    /// <summary>A proxy in front of the server (one that reads the protocol where a fault needs it).</summary>
    public abstract FaultProxy Proxy();

    public abstract Task<IReadOnlySet<Guid>> StoredIdsAsync();

    public abstract Task<StoredShape> ShapeAsync(Guid written);

    /// <summary>The next <paramref name="count"/> writes fail transiently (the table, collection or index exists by then).</summary>
    public abstract Task FailNextWritesAsync(int count);

    /// <summary>Writes of these entries are refused for good, every time (the target exists by then).</summary>
    public abstract Task RefuseAsync(IReadOnlyCollection<Guid> ids);

    /// <summary>The server goes down, keeping what it stored.</summary>
    public abstract Task StopAsync();

    /// <summary>The server comes back on the same address.</summary>
    public abstract Task RestartAsync();

    public SinkConfig Config(IndexMode mode = IndexMode.Hybrid, int? viaPort = null) => SearchStoreChecks.Sink(Type, [.. Settings(viaPort), ("index_mode", mode.Name())]);

    /// <summary>The sink's entry in a config file's <c>sinks:</c> list.</summary>
    public string Yaml(int? viaPort = null) => YamlOf(Type, Settings(viaPort));

    public static string YamlOf(string type, IEnumerable<(string Key, string Value)> settings) =>
        $"  - type: {type}\n" + string.Concat(settings.Select(s => $"    {s.Key}: \"{s.Value}\"\n"));

    public static SinkServices Services { get; } = new(Stream.Null, NullLoggerFactory.Instance, TimeProvider.System);

    public ILogSink Sink(IndexMode mode = IndexMode.Hybrid) => SinkCatalog.Default.Create(Config(mode), Services);

    /// <summary>The bench's search store over what the sink wrote (not yet initialized).</summary>
    public ISearchStore SearchStore() => Assert.Single(SinkCatalog.Default.CreateSearchStores([Config()], Services, "test.yaml"));

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
