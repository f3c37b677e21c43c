namespace Emitter.Generator.Model;

/// <param name="ForceMerge">Elasticsearch and OpenSearch: also merge each index to one segment (_forcemerge) before the first phase.</param>
/// <param name="MaxWaitSecs">How long settling may take per store (Qdrant: until green with its optimizers idle).</param>
public sealed record SettleConfig(bool ForceMerge, double MaxWaitSecs)
{
    public static readonly SettleConfig Default = new(false, 600);

    public TimeSpan MaxWait => TimeSpan.FromSeconds(MaxWaitSecs);
}
