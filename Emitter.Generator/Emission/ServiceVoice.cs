using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Generator.Emission;

/// <summary>
/// How one service picks a message: the level by its weights, then, with voices, its own
/// domain's messages <see cref="OwnDomainShare"/> of the time and shared infrastructure the rest;
/// without voices, any message of that level. The random source is the caller's, so a service's
/// own sequence and the requests that pass through it (traces) draw alike.
/// </summary>
public sealed class ServiceVoice(ServiceConfig service, MessagePool pool)
{
    /// <summary>The share of a voiced service's entries drawn from its own domain.</summary>
    public const double OwnDomainShare = 0.8;

    private readonly LevelPicker _levels = new(service.LevelWeights);

    /// <param name="levels">Other level weights than the service's own (an incident's).</param>
    public PoolMessage Draw(Random random, LevelPicker? levels = null)
    {
        var level = (levels ?? _levels).Pick(random.NextDouble());
        var share = pool.ForLevel(level);
        if (service.Kind is { } kind)
        {
            var group = pool.ForGroup(random.NextDouble() < OwnDomainShare ? kind : ServiceDomains.Shared, level);
            if (group.Count > 0) share = group;
        }
        return share[random.Next(share.Count)];
    }
}
