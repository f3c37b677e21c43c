using System.Collections;

namespace Emitter.Generator.Configuration;

/// <summary>
/// The keys one sink type accepts. A sink's typed options declare each key once, as the name
/// they read it by (<c>static readonly string BatchSize = Keys.Add("batch_size")</c>), so the
/// list of keys the sink accepts (and names when it refuses a typo) cannot drift from what it reads.
/// </summary>
public sealed class SinkKeys : IReadOnlyCollection<string>
{
    private readonly List<string> _keys = [];

    public int Count => _keys.Count;

    /// <summary>Declares <paramref name="key"/> and returns it, for the options to read it by.</summary>
    public string Add(string key)
    {
        if (_keys.Contains(key)) throw new InvalidOperationException($"sink key {key} is declared twice");
        _keys.Add(key);
        return key;
    }

    public IEnumerator<string> GetEnumerator() => _keys.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
