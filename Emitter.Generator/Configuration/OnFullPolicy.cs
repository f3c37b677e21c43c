namespace Emitter.Generator.Configuration;

/// <summary>What happens when a sink's queue of batches is full.</summary>
public enum OnFullPolicy
{
    /// <summary>Wait: nothing is lost, emitters fall behind and the lag is reported.</summary>
    Block,

    /// <summary>Drop the batch for that sink: rates hold, dropped entries are counted.</summary>
    Drop,
}
