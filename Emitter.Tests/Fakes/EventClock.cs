namespace Emitter.Tests.Fakes;

/// <summary>
/// A fake clock that runs like a discrete-event simulation: time stands still until the test moves
/// it, and it moves only to the next armed timer, whose callback runs on the test's thread. Code
/// awaiting a timer without ConfigureAwait hops runs inline in that callback, so when the callback
/// returns, the work due at that moment has run. Start the work on the thread that then runs the
/// clock: a timer armed by another thread could fire before that thread has parked. Should work
/// hop threads anyway, nothing armed and not done yet means it is still on its way, and the clock
/// waits for it (a wait for an event, not a window).
/// Unlike FakeTimeProvider it fires one timer at a time from a priority queue, which keeps
/// thousands of timers in flight cheap.
/// </summary>
public sealed class EventClock : TimeProvider
{
    private static readonly DateTimeOffset Epoch = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly PriorityQueue<(Timer Timer, long Version), (long Due, long Order)> _queue = new();
    private long _now, _order;
    private int _armed;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    public override long GetTimestamp() => Interlocked.Read(ref _now);
    public override DateTimeOffset GetUtcNow() => Epoch.AddTicks(GetTimestamp());
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Timers armed and not yet fired or disposed.</summary>
    public int Armed
    {
        get
        {
            lock (_gate) return _armed;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves to the earliest armed timer and runs its callback here; false when none is armed.</summary>
    public bool RunNext()
    {
        Timer timer;
        lock (_gate)
        {
            while (true)
            {
                if (!_queue.TryDequeue(out var entry, out var at)) return false;
                if (entry.Version != entry.Timer.Version) continue; // changed or disposed since
                timer = entry.Timer;
                Interlocked.Exchange(ref _now, Math.Max(_now, at.Due));
                _armed--;
                timer.Version++;
                if (timer.Period > TimeSpan.Zero)
                {
                    timer.Version++;
                    Arm(timer, timer.Period);
                }
                break;
            }
        }
        timer.Callback(timer.State);
        return true;
    }

    /// <summary>
    /// Runs every timer until <paramref name="work"/> ends, waiting (for the event, however long the
    /// machine takes) whenever nothing is armed and the work is not done: it has hopped threads.
    /// </summary>
    public async Task RunUntilDoneAsync(Task work, TimeSpan limit)
    {
        var ct = TestContext.Current.CancellationToken;
        while (!work.IsCompleted)
        {
            if (TimeSpan.FromTicks(GetTimestamp()) > limit) throw new TimeoutException($"not done within {limit} of fake time");
            if (RunNext()) continue;
            using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(ct);
            giveUp.CancelAfter(TimeSpan.FromMinutes(2)); // a guard against a hang only
            while (!work.IsCompleted && Armed == 0) await Task.Delay(1, giveUp.Token);
        }
        await work;
    }

    private void Arm(Timer timer, TimeSpan due)
    {
        _queue.Enqueue((timer, timer.Version), (_now + due.Ticks, _order++));
        _armed++;
    }

    private sealed class Timer(EventClock clock, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback => callback;
        public object? State => state;
        public long Version;
        public TimeSpan Period;
        /// <summary>An odd version is an armed timer; every arm and disarm moves it on, so a queued entry of an older version is stale.</summary>
        private bool IsArmed => Version % 2 == 1;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                Disarm();
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                if (dueTime == Timeout.InfiniteTimeSpan) return true;
                Version++;
                clock.Arm(this, dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
            }
            return true;
        }

        public void Dispose()
        {
            lock (clock._gate) Disarm();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Disarm()
        {
            if (!IsArmed) return;
            Version++;
            clock._armed--;
        }
    }
}
