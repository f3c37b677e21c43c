namespace Emitter.Tests.Fakes;

/// <summary>
/// Waits for a condition that another thread makes true (a request reaching a fake server, a turn
/// taken): polls it, and fails with what was awaited when it has not held within the patience,
/// so a lost event is a failure and not a hang. The patience is generous: it bounds a broken test,
/// never a measurement.
/// </summary>
internal static class Until
{
    public static async Task HoldsAsync(Func<bool> condition, string what, TimeSpan? patience = null)
    {
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        giveUp.CancelAfter(patience ?? TimeSpan.FromSeconds(60));
        while (!condition())
        {
            if (giveUp.IsCancellationRequested) Assert.Fail($"timed out waiting for: {what}");
            await Task.Delay(5, CancellationToken.None);
        }
    }
}
