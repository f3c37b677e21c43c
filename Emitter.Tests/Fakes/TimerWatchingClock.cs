using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Fakes;

/// <summary>
/// A fake clock that knows which of its timers are armed, so a test moves time only when the code
/// under test waits on one: it waits for a timer to be armed (an event), then jumps to the earliest
/// due time. Stepping the clock in a wall-clock loop instead moves it on while a request is still in
/// flight, overshooting by as many steps as a busy machine lets pass.
/// </summary>
public sealed class TimerWatchingClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();
    private readonly HashSet<WatchedTimer> _timers = [];
    private TaskCompletionSource _armed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _armings;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new WatchedTimer(this, base.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// Until <paramref name="task"/> ends: each time a timer is armed, moves the clock to the earliest
    /// armed timer's due time, and no further. Fails if nothing is armed for a minute of real time
    /// (the code under test is stuck, not waiting on the clock).
    /// </summary>
    public async Task AdvanceTimersUntilDoneAsync(Task task)
    {
        long seen = 0;
        while (!task.IsCompleted)
        {
            Task armed;
            long armings;
            lock (_gate)
            {
                armed = _armed.Task;
                armings = _armings;
            }
            if (armings != seen)
            {
                seen = armings;
                if (EarliestDue() is { } due && due > GetUtcNow()) Advance(due - GetUtcNow());
                continue;
            }
            await Task.WhenAny(task, armed).WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        }
        await task;
    }

    /// <summary>
    /// Waits until a timer is armed to fire later than now and returns the earliest such due time,
    /// without moving the clock: the test sees what the code waits for, then moves time itself.
    /// </summary>
    public async Task<DateTimeOffset> NextDueAsync()
    {
        while (true)
        {
            Task armed;
            lock (_gate) armed = _armed.Task;
            if (EarliestDue() is { } due) return due;
            await armed.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        }
    }

    private DateTimeOffset? EarliestDue()
    {
        var now = GetUtcNow();
        lock (_gate) return _timers.Select(t => t.Due).Where(d => d > now).Min();
    }

    private void Armed(WatchedTimer timer, DateTimeOffset? due)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            timer.Due = due;
            if (due is null)
            {
                _timers.Remove(timer);
                return;
            }
            _timers.Add(timer);
            _armings++;
            signal = _armed;
            _armed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        signal.TrySetResult();
    }

    private sealed class WatchedTimer(TimerWatchingClock clock, ITimer inner) : ITimer
    {
        /// <summary>When it fires next (a periodic timer: its first firing), null once disarmed.</summary>
        public DateTimeOffset? Due { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            // A one-shot timer that has fired is due no more; the earliest-due search skips past times.
            clock.Armed(this, dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + dueTime);
            return changed;
        }

        public void Dispose()
        {
            clock.Armed(this, null);
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
