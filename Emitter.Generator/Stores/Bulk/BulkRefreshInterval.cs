namespace Emitter.Generator.Stores.Bulk;

/// <summary>
/// The index setting that bounds how soon a written document is searchable, as both <c>_bulk</c>
/// servers name it, and its value when the index does not set it.
/// </summary>
public static class BulkRefreshInterval
{
    public const string Setting = "index.refresh_interval";
    public const string ServerDefault = "1s";
}
