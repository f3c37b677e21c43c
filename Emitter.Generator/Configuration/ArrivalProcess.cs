namespace Emitter.Generator.Configuration;

/// <summary>How a service spaces its entries in time.</summary>
public enum ArrivalProcess
{
    /// <summary>Exponential gaps (Poisson arrivals), as the original.</summary>
    Poisson,

    /// <summary>Evenly spaced entries.</summary>
    Uniform,
}
