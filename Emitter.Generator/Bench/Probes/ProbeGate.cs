namespace Emitter.Generator.Bench.Probes;

/// <summary>
/// One store's probe budget: turns handed out first come, first served, at most
/// <c>ratePerSec</c> a second (evenly spaced, never in a burst) and with at most
/// <c>maxInFlight</c> probes unanswered. A probe that is not found asks again at the back of
/// the queue, so unfound markers and needles take turns; a store that stalls holds its
/// in-flight probes and gets no more, instead of drawing more queries the slower it gets.
/// </summary>
public sealed class ProbeGate
{
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource<IDisposable>> _waiting = new();
    private readonly SemaphoreSlim _inFlight;
    private readonly TimeSpan _spacing;
    private readonly TimeProvider _time;
    private readonly CancellationToken _stop;
    private readonly long _origin;
    private TimeSpan _nextAt;
    private bool _pumping;

    public ProbeGate(double ratePerSec, int maxInFlight, TimeProvider time, CancellationToken stop)
    {
        _spacing = TimeSpan.FromSeconds(1 / ratePerSec);
        _inFlight = new SemaphoreSlim(maxInFlight, maxInFlight);
        _time = time;
        _stop = stop;
        _origin = time.GetTimestamp();
    }

    /// <summary>Waits for this caller's turn; dispose the result when the probe has its answer (frees its in-flight slot).</summary>
    public async Task<IDisposable> TurnAsync(CancellationToken cancellationToken)
    {
        var turn = new TaskCompletionSource<IDisposable>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiting.Enqueue(turn);
            if (!_pumping)
            {
                _pumping = true;
                _ = Task.Run(PumpAsync, CancellationToken.None);
            }
        }
        await using (cancellationToken.Register(() => turn.TrySetCanceled(cancellationToken)).ConfigureAwait(false))
            return await turn.Task.ConfigureAwait(false);
    }

    private async Task PumpAsync()
    {
        try
        {
            while (true)
            {
                TaskCompletionSource<IDisposable> next;
                lock (_gate)
                {
                    if (!_waiting.TryDequeue(out next!))
                    {
                        _pumping = false;
                        return;
                    }
                }
                if (next.Task.IsCompleted) continue; // its caller gave up
                await _inFlight.WaitAsync(_stop).ConfigureAwait(false);
                var now = _time.GetElapsedTime(_origin);
                if (_nextAt > now) await Task.Delay(_nextAt - now, _time, _stop).ConfigureAwait(false);
                _nextAt = (_nextAt > now ? _nextAt : now) + _spacing;
                if (!next.TrySetResult(new Slot(_inFlight))) _inFlight.Release();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            lock (_gate)
            {
                while (_waiting.TryDequeue(out var waiting)) waiting.TrySetCanceled(_stop);
                _pumping = false;
            }
        }
    }

    private sealed class Slot(SemaphoreSlim inFlight) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) inFlight.Release();
        }
    }
}
