namespace Emitter.Generator.Reporting;

/// <summary>
/// The --summary file: an earlier one is removed when a run starts (a run that crashes leaves
/// none, never the previous run's for merge-summaries to add up), and the new one is written to
/// a temporary file beside it, flushed, then renamed over it, so a reader sees the whole summary
/// or none.
/// </summary>
public static class SummaryFile
{
    /// <summary>Null when <paramref name="path"/> can be written (any earlier file is removed); else why not.</summary>
    public static string? Prepare(string path)
    {
        try
        {
            using (new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { }
            File.Delete(path);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be written ({e.Message})";
        }
    }

    public static async Task WriteAsync(string path, string text, CancellationToken cancellationToken = default)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await using var writer = new StreamWriter(file);
                await writer.WriteAsync(text.AsMemory(), cancellationToken);
                await writer.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true); // rename(2): atomic within the directory
        }
        finally
        {
            File.Delete(temporary); // left only if the move did not happen
        }
    }
}
