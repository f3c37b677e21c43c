using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Generator.Bench;

/// <summary>
/// Writes the pre-seed through the sinks' own pipelines as fast as they take it: batches of
/// buffer_size straight to the fan-out (a full queue holds it back, as it would the emitters),
/// with the services' sequences and mix (by rate), but on a seed of their own so the phases do not
/// repeat them. The planted needles go first.
/// </summary>
internal sealed class Preseeder(BenchPlan plan, EmitterConfig config, ulong seed, TimeProvider time, EntryTally tally)
{
    private const ulong PreseedSalt = 0x9E5EED5EEDUL;
    private static readonly TimeSpan DeliveryPoll = TimeSpan.FromMilliseconds(50);

    public sealed record Result(long Preseed, long Needles, IReadOnlyDictionary<PoolMessage, HashSet<Guid>> Planted);

    public async Task<Result> WriteAsync(SinkFanOut fanOut, CancellationToken stop, CancellationToken hardStop)
    {
        var services = config.Services;
        var sequences = services.Select(s => new ServiceSequence(s, plan.DrawPool, seed ^ PreseedSalt)).ToArray();
        var cumulative = services.Select((s, i) => services.Take(i + 1).Sum(x => x.RatePerSec)).ToArray();
        var random = new Random(ServiceSequence.SeedFor(seed ^ PreseedSalt, "preseed"));
        var ids = new UuidV7Generator();
        var buffer = new LogEntry[config.BufferSize];
        var count = 0;
        long sequence = 0, preseeded = 0, needles = 0;
        var planted = plan.Needles.ToDictionary(n => n, _ => new HashSet<Guid>());

        async ValueTask AddAsync(int service, PoolMessage message)
        {
            var now = time.GetUtcNow();
            var entry = new LogEntry(ids.Next(now), now, services[service].Name, message.Level, message);
            buffer[count++] = entry;
            tally.Add(entry.Service, entry.Level);
            if (planted.TryGetValue(message, out var copies)) copies.Add(entry.Id);
            if (count == buffer.Length) await PublishAsync().ConfigureAwait(false);
        }

        async ValueTask PublishAsync()
        {
            if (count == 0) return;
            await fanOut.PublishAsync(new Batch(buffer, count, ++sequence, time.GetUtcNow()), hardStop).ConfigureAwait(false);
            buffer = new LogEntry[buffer.Length];
            count = 0;
        }

        int PickService()
        {
            var at = random.NextDouble() * cumulative[^1];
            var index = Array.FindIndex(cumulative, c => at < c);
            return index < 0 ? cumulative.Length - 1 : index;
        }

        foreach (var needle in plan.Needles)
        {
            for (var i = 0; i < plan.Config.Relevance.Copies; i++, needles++) await AddAsync(PickService(), needle).ConfigureAwait(false);
        }
        for (; preseeded < plan.Config.PreseedEntries && !stop.IsCancellationRequested; preseeded++)
        {
            var service = PickService();
            await AddAsync(service, sequences[service].NextMessage()).ConfigureAwait(false);
        }
        await PublishAsync().ConfigureAwait(false);
        return new Result(preseeded, needles, planted);
    }

    /// <summary>Until every sink has delivered, failed or dropped <paramref name="entries"/> (nothing else was published yet).</summary>
    public static async Task WaitDeliveredAsync(IReadOnlyList<SinkPipeline> pipelines, long entries, TimeProvider time, CancellationToken stop)
    {
        try
        {
            while (pipelines.Any(p => p.Stats.Delivered + p.Stats.Failed + p.Stats.Dropped < entries))
                await Task.Delay(DeliveryPoll, time, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}
