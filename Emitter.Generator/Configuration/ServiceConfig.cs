using Emitter.Generator.Model;

namespace Emitter.Generator.Configuration;

/// <summary>One simulated microservice.</summary>
/// <param name="LevelWeights">Weights of DEBUG, INFO, WARN, ERROR (indexed by LogLevel); they need not sum to 1.</param>
/// <param name="Kind">Its domain when voices are on (declared or inferred, see <see cref="Pool.ServiceDomains"/>); null: voices off, any message.</param>
public sealed record ServiceConfig(string Name, double RatePerSec, double[] LevelWeights, ArrivalProcess Arrival, string? Kind = null)
{
    /// <summary>How the rate varies through the run; null: constant.</summary>
    public RateShape? Shape { get; init; }
}
