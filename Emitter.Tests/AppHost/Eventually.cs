namespace Emitter.Tests.AppHost;

/// <summary>Polls a condition about a running system until it holds or the wait ends.</summary>
public static class Eventually
{
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan within, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(within);
        while (!limit.IsCancellationRequested)
        {
            try
            {
                if (await condition()) return true;
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                // not there yet (no table, connection refused): try again
            }
            try { await Task.Delay(500, limit.Token); } catch (OperationCanceledException) { break; }
        }
        ct.ThrowIfCancellationRequested();
        return false;
    }
}
