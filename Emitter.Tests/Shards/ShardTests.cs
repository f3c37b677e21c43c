using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Emitter.Generator.Reporting;
using Emitter.Tests.Fakes;

namespace Emitter.Tests.Shards;

/// <summary>What makes shards one run: complementary uniform schedules, own seed streams, ids that cannot collide, summaries that add up.</summary>
public class ShardTests
{
    [Fact]
    public void Three_shards_uniform_arrivals_together_are_the_services_schedule()
    {
        var service = new ServiceConfig("api", 300, [0, 1, 0, 0], ArrivalProcess.Uniform);
        var arrivals = Enumerable.Range(0, 3)
            .SelectMany(i =>
            {
                var sequence = new ServiceSequence(service with { RatePerSec = 100 }, TestPools.Small(), 42, new Shard(i, 3));
                return Enumerable.Range(0, 100).Select(_ => sequence.NextArrival());
            })
            .Order().ToList();
        for (var k = 0; k < arrivals.Count; k++) Assert.Equal(k / 300.0, arrivals[k], 9);
    }

    [Fact]
    public void Each_shard_draws_its_own_stream_and_an_unsharded_run_keeps_the_run_seed()
    {
        Assert.Equal(42UL, Shard.None.SequenceSeed(42));
        var seeds = Enumerable.Range(0, 3).Select(i => new Shard(i, 3).SequenceSeed(42)).ToList();
        Assert.Equal(4, seeds.Append(42UL).Distinct().Count());
        Assert.Equal(seeds, Enumerable.Range(0, 3).Select(i => new Shard(i, 3).SequenceSeed(42)));
    }

    [Fact]
    public void Ids_of_different_shards_differ_in_the_shard_bits_even_at_the_same_millisecond()
    {
        var at = DateTimeOffset.UnixEpoch.AddDays(20_000);
        var ids = Enumerable.Range(0, 3).Select(i => (Index: i, Generator: new UuidV7Generator(new Shard(i, 3))))
            .SelectMany(g => Enumerable.Range(0, 1000).Select(_ => (g.Index, Id: g.Generator.Next(at)))).ToList();
        Assert.All(ids, e =>
        {
            var bytes = e.Id.ToByteArray(bigEndian: true);
            Assert.Equal(7, bytes[6] >> 4);        // version 7
            Assert.Equal(2, bytes[8] >> 6);        // RFC 9562 variant
            var shard = ((bytes[8] & 0x3F) << 4) | (bytes[9] >> 4);
            Assert.Equal(e.Index, shard);
        });
        Assert.Equal(ids.Count, ids.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public void Merging_adds_shards_up_and_refuses_summaries_of_different_runs()
    {
        static RunSummary Part(long emitted, ulong seed, string shard) => new(emitted, 10, 50, emitted / 10.0, 5, seed, "local/x/8",
            new Dictionary<string, long> { ["api"] = emitted }, new Dictionary<string, long> { ["INFO"] = emitted },
            new Dictionary<string, ServiceSummary> { ["api"] = new(emitted, 50, emitted / 10.0, 5, new Dictionary<string, long> { ["INFO"] = emitted }) },
            new Dictionary<string, SinkSummary> { ["pgvector"] = new(emitted, 0, 0, 0, 1, 3, null) }, Shard: shard);

        var merged = SummaryMerger.Merge([("a", Part(500, 1, "0/2")), ("b", Part(498, 1, "1/2"))]);
        Assert.Equal(998, merged.Emitted);
        Assert.Equal(998, merged.Sinks["pgvector"].Delivered);
        Assert.Equal(100, merged.TargetRate);
        Assert.Equal(998, merged.Services["api"].Emitted);

        Assert.Contains("seed 2 differs", Assert.Throws<ConfigException>(() => SummaryMerger.Merge([("a", Part(1, 1, "0/2")), ("b", Part(1, 2, "1/2"))])).Message);
        Assert.Contains("shard 0/2 given twice", Assert.Throws<ConfigException>(() => SummaryMerger.Merge([("a", Part(1, 1, "0/2")), ("b", Part(1, 1, "0/2"))])).Message);
    }
}
