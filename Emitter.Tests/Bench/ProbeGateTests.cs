using System.Collections.Concurrent;
using Emitter.Generator.Bench.Probes;
using Emitter.Generator.Model;
using Emitter.Generator.Stores;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Bench;

/// <summary>The probes' budget on a fake clock: a fixed rate whatever the demand, turns in arrival order, and nothing more for a store that holds its probes.</summary>
public class ProbeGateTests
{
    [Fact]
    public async Task Many_unfound_markers_share_the_budget_in_turns_and_the_rate_never_exceeds_it()
    {
        var time = new FakeTimeProvider();
        using var stop = new CancellationTokenSource();
        var gate = new ProbeGate(ratePerSec: 10, maxInFlight: 4, time, stop.Token);
        var turns = new ConcurrentQueue<(int Marker, TimeSpan At)>();
        var start = time.GetTimestamp();
        // 8 markers never found: each probes, then asks again at the back of the queue.
        var probers = Enumerable.Range(0, 8).Select(marker => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var turn = await gate.TurnAsync(stop.Token);
                turns.Enqueue((marker, time.GetElapsedTime(start)));
            }
        })).ToList();

        for (var ms = 10; ms <= 3000; ms += 10)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            var now = ms;
            await Until.HoldsAsync(() => turns.Count >= now / 100, $"{now / 100} turns by {now} ms");
        }
        await stop.CancelAsync();
        await Task.WhenAll(probers.Select(p => p.ContinueWith(_ => { }, TaskScheduler.Default)));

        var sent = turns.ToList();
        // 10 a second: 30 (+1 for the first, at once) over 3 s, whatever 8 markers would like.
        Assert.InRange(sent.Count, 30, 31);
        // The rate never exceeds the budget: any 10 consecutive turns span a second. A turn's time is
        // read by its prober after the grant, which may be a 100 ms step of this test's clock later
        // than the grant, and a grant a step later than its slot (each end of the span), hence 0.7 s.
        for (var i = 10; i < sent.Count; i++) Assert.True(sent[i].At - sent[i - 10].At >= TimeSpan.FromMilliseconds(700), $"turns {i - 10} and {i} at {sent[i - 10].At} and {sent[i].At}");
        // Taking turns: every window of 10 consecutive turns serves all 8 markers.
        // (10, not 8: two probers granted a step apart may record in either order.)
        for (var i = 0; i + 10 <= sent.Count; i++) Assert.Equal(8, sent.Skip(i).Take(10).Select(t => t.Marker).Distinct().Count());
    }

    [Fact]
    public async Task A_store_that_holds_its_probes_gets_no_more_than_its_in_flight_limit()
    {
        var time = new FakeTimeProvider();
        using var stop = new CancellationTokenSource();
        var gate = new ProbeGate(ratePerSec: 100, maxInFlight: 2, time, stop.Token);
        var held = new ConcurrentBag<IDisposable>();
        var waiting = Enumerable.Range(0, 5).Select(_ => Task.Run(async () => held.Add(await gate.TurnAsync(stop.Token)))).ToList();

        async Task AdvanceUntil(Func<bool> condition, string what)
        {
            for (var steps = 0; !condition(); steps++)
            {
                if (steps > 3000) Assert.Fail($"never: {what}");
                time.Advance(TimeSpan.FromMilliseconds(10));
                await Task.Delay(1, CancellationToken.None);
            }
        }
        await AdvanceUntil(() => held.Count == 2, "two probes in flight");
        for (var ms = 0; ms < 1000; ms += 10)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(1, CancellationToken.None);
        }
        Assert.Equal(2, held.Count); // the store stalls: a second of budget (100 turns), no more probes

        foreach (var slot in held) slot.Dispose(); // the store answers
        await AdvanceUntil(() => held.Count == 4, "two more once the first two were answered");
        await stop.CancelAsync();
        await Task.WhenAll(waiting.Select(p => p.ContinueWith(_ => { }, TaskScheduler.Default)));
    }
}
