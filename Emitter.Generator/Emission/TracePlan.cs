using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Generator.Emission;

/// <summary>
/// A run's request traces: the call graph, every service's voice (a request draws each hop's
/// line as that service would), the upstream lines a caller logs when a callee fails, and the
/// entries a root's emitter writes for the other services, counted here so each service's
/// figures hold what was written under its name, whoever emitted it.
/// </summary>
public sealed class TracePlan
{
    private readonly Dictionary<string, ServiceVoice> _voices;
    private readonly Dictionary<string, long[]> _received;
    private readonly HashSet<string> _roots;

    public TracePlan(TracesConfig config, IReadOnlyList<ServiceConfig> services, MessagePool pool)
    {
        Config = config;
        _voices = services.ToDictionary(s => s.Name, s => new ServiceVoice(s, pool), StringComparer.Ordinal);
        _received = services.ToDictionary(s => s.Name, _ => new long[LogLevels.Count], StringComparer.Ordinal);
        _roots = config.Roots.ToHashSet(StringComparer.Ordinal);
        UpstreamErrors = pool.ForGroup(ServiceDomains.Upstream, LogLevel.Error);
        if (UpstreamErrors.Count == 0)
            throw new ArgumentException("The pool has no upstream ERROR lines: build it with the traces' layout.", nameof(pool));
    }

    public TracesConfig Config { get; }

    /// <summary>What a caller logs when a callee failed: timeouts and 5xx.</summary>
    public IReadOnlyList<PoolMessage> UpstreamErrors { get; }

    public bool IsRoot(string service) => _roots.Contains(service);

    public ServiceVoice VoiceOf(string service) => _voices[service];

    /// <summary>Entries one request from <paramref name="root"/> can write: each span logs once, and once more on a callee's failure.</summary>
    public int MaxEntries(string root) => IsRoot(root) ? 2 * Config.SpansFrom(root) : 1;

    /// <summary>Counts an entry a root's emitter wrote under another service's name.</summary>
    public void Received(string service, LogLevel level) => Interlocked.Increment(ref _received[service][(int)level]);

    public long ReceivedBy(string service, LogLevel level) => Volatile.Read(ref _received[service][(int)level]);
}
