namespace Emitter.Generator.Model;

/// <summary>
/// Entries a run plan writes itself beside the emitters (a bench's pre-seed, planted needles,
/// freshness markers), by service and level, so the summary's accounting stays exact: emitted = delivered + failed + dropped per sink.
/// </summary>
public sealed class EntryTally
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long[]> _byService = new(StringComparer.Ordinal);

    public void Add(string service, LogLevel level, long count = 1)
    {
        lock (_gate)
        {
            if (!_byService.TryGetValue(service, out var levels)) _byService[service] = levels = new long[LogLevels.Count];
            levels[(int)level] += count;
        }
    }

    public long Total
    {
        get
        {
            lock (_gate) return _byService.Values.Sum(l => l.Sum());
        }
    }

    public IReadOnlyDictionary<string, long[]> ByService()
    {
        lock (_gate) return _byService.ToDictionary(kv => kv.Key, kv => (long[])kv.Value.Clone());
    }
}
