using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Generator.Emission;

/// <summary>
/// The deterministic part of one service: for a seed, the same gaps, levels and messages in
/// the same order on every run, whatever the clock does. The level is drawn first, then a
/// message from that level's share of the pool (of the service's voice: <see cref="ServiceVoice"/>),
/// so an ERROR entry reads like an error.
/// </summary>
public sealed class ServiceSequence
{
    private readonly Random _random;
    private readonly ServiceVoice _voice;
    private readonly double _meanGap;
    private readonly ArrivalProcess _arrival;
    private readonly double _uniformOffset;
    private long _arrivals;
    private double _poissonClock;

    /// <param name="shard">A shard draws from its own seed stream, and its uniform arrivals sit between the other shards' (i/n of a gap on), so together they are the service's uniform schedule.</param>
    public ServiceSequence(ServiceConfig service, MessagePool pool, ulong runSeed, Shard? shard = null)
    {
        Shard = shard ?? Shard.None;
        var seed = Shard.SequenceSeed(runSeed);
        _random = new Random(SeedFor(seed, service.Name));
        _voice = new ServiceVoice(service, pool);
        Requests = new Random(SeedFor(seed ^ RequestSalt, service.Name));
        _uniformOffset = (double)Shard.Index / Shard.Count;
        _meanGap = 1.0 / service.RatePerSec;
        _arrival = service.Arrival;
    }

    /// <summary>
    /// Seconds from the run's start to the next entry. Uniform arrivals sit at k/rate from 0 (computed,
    /// not summed, so a run of d seconds holds exactly rate*d); Poisson gaps are exponential.
    /// </summary>
    public Shard Shard { get; }

    public double NextArrival() => _arrival == ArrivalProcess.Uniform
        ? (_arrivals++ + _uniformOffset) * _meanGap
        : _poissonClock += -Math.Log(1.0 - _random.NextDouble()) * _meanGap;

    public PoolMessage NextMessage() => _voice.Draw(_random);

    /// <summary>A message by other level weights (an incident's), still in the service's voice.</summary>
    public PoolMessage NextMessage(LevelPicker levels) => _voice.Draw(_random, levels);

    public PoolMessage Pick(IReadOnlyList<PoolMessage> messages) => messages[_random.Next(messages.Count)];

    /// <summary>A uniform draw in [0, 1) from the same stream, so incidents stay reproducible from the seed.</summary>
    public double NextUnit() => _random.NextDouble();

    private const ulong RequestSalt = 0x7EACE5UL;

    /// <summary>The draws of the requests this service starts (traces): a stream of their own, so they leave <see cref="NextMessage()"/>'s alone.</summary>
    public Random Requests { get; }

    /// <summary>A per-service seed from the run seed and a stable hash of the name (string.GetHashCode differs per process).</summary>
    public static int SeedFor(ulong runSeed, string serviceName)
    {
        var hash = 14695981039346656037UL; // FNV-1a
        foreach (var c in serviceName)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        var mixed = (hash ^ runSeed) * 0x9E3779B97F4A7C15UL;
        return (int)(mixed >> 33);
    }
}
