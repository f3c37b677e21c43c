namespace Emitter.Generator.Configuration;

/// <summary>One simulated microservice.</summary>
/// <param name="LevelWeights">Weights of DEBUG, INFO, WARN, ERROR (indexed by LogLevel); they need not sum to 1.</param>
public sealed record ServiceConfig(string Name, double RatePerSec, double[] LevelWeights, ArrivalProcess Arrival)
{
    /// <summary>How the rate varies through the run; null: constant.</summary>
    public RateShape? Shape { get; init; }
}
