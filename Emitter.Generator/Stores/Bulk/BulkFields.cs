namespace Emitter.Generator.Stores.Bulk;

/// <summary>The index fields every <c>_bulk</c> store maps and searches alike (<see cref="BulkDocuments"/> writes them).</summary>
public static class BulkFields
{
    public const string Dense = "dense";
    public const string Message = "message";
}
