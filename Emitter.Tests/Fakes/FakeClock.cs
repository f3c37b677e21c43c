using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Fakes;

/// <summary>Moves a <see cref="FakeTimeProvider"/> on while code under test waits on it: no test sleeps through a backoff.</summary>
public static class FakeClock
{
    /// <summary>Advances <paramref name="time"/> by <paramref name="step"/> until <paramref name="task"/> ends (its outcome is the caller's to await).</summary>
    public static async Task AdvanceUntilDoneAsync(this FakeTimeProvider time, Task task, TimeSpan? step = null)
    {
        var started = time.GetTimestamp();
        while (!task.IsCompleted)
        {
            if (time.GetElapsedTime(started) > TimeSpan.FromHours(1)) throw new TimeoutException("Not done within an hour of fake time.");
            time.Advance(step ?? TimeSpan.FromMilliseconds(10));
            await Task.Delay(1, TestContext.Current.CancellationToken);
        }
    }
}
