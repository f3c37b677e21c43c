using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Emission;

/// <summary>
/// An incident changes what the affected services write inside its window (rate, levels, its own
/// messages) and nothing outside it, and the summary's ground truth is what was written.
/// Counts are checked as Poisson or binomial z-scores and level mixes by chi-square, each at
/// p = 0.001 (|z| &lt; 3.29; chi-square, 3 degrees of freedom, &lt; 16.27): a correct emitter fails
/// one check in a thousand runs, and the seed is fixed, so a pass is stable.
/// </summary>
public class IncidentTests
{
    private const double Z = 3.29;
    private const double ChiSquare3 = 16.27;
    private const double Rate = 1000;
    private const double Run = 60;
    private static readonly double[] Normal = [0.1, 0.7, 0.15, 0.05];

    private static readonly IncidentConfig Pool = new("db-pool", IncidentKind.DatabasePoolExhaustion, 20, 15, ["orders"],
        RateMultiplier: 2, LevelWeights: [0.05, 0.45, 0.2, 0.3], FamilyShare: 0.5, PrecursorSecs: 10, RecoverySecs: 10, SideShare: 0.2);

    [Fact]
    public async Task Counts_inside_and_outside_the_window_follow_the_configured_rates_and_weights()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        var sink = new RecordingSink("rec", time);
        var config = FakeClockRun.Config(Run,
            new ServiceConfig("orders", Rate, Normal, ArrivalProcess.Poisson),
            new ServiceConfig("web", Rate, Normal, ArrivalProcess.Poisson)) with
        {
            Incidents = [Pool],
        };
        var pool = TestPools.Small();
        const ulong seed = 11;

        var summary = await FakeClockRun.RunAsync(config, pool, seed, [(sink, FakeClockRun.SinkConfig("rec"))], time);

        var incident = Assert.Single(summary.Incidents!);
        var start = incident.Start!.Value.AddSeconds(-incident.StartSecs);
        var families = IncidentFamilies.Create(IncidentConfig.Affected([Pool]), pool, seed);
        var own = families.For("orders", Pool.Kind, IncidentPhase.Incident).Select(m => m.Text).ToHashSet();
        var precursors = families.For("orders", Pool.Kind, IncidentPhase.Precursor).Select(m => m.Text).ToHashSet();
        var recovery = families.For("orders", Pool.Kind, IncidentPhase.Recovery).Select(m => m.Text).ToHashSet();
        double At(LogEntry e) => (e.Timestamp - start).TotalSeconds;
        bool InWindow(LogEntry e) => At(e) >= Pool.StartSecs && At(e) < Pool.EndSecs;
        var orders = sink.Entries.Where(e => e.Service == "orders").ToList();
        var web = sink.Entries.Where(e => e.Service == "web").ToList();
        var window = orders.Where(InWindow).ToList();

        // Rates: the affected service doubles in the window only; the other one never changes.
        AssertPoisson(window.Count, Rate * 2 * 15, "orders in the window");
        AssertPoisson(orders.Count - window.Count, Rate * (Run - 15), "orders outside the window");
        AssertPoisson(web.Count(InWindow), Rate * 15, "web in the window");

        // In the window half the entries are the incident's own; the rest follow its level weights.
        var ownCount = window.Count(e => own.Contains(e.Text));
        AssertBinomial(ownCount, window.Count, Pool.FamilyShare, "incident messages in the window");
        var ownMessages = families.For("orders", Pool.Kind, IncidentPhase.Incident);
        var ownMix = LogLevels.All.Select(l => (double)ownMessages.Count(m => m.Level == l) / ownMessages.Count).ToArray();
        AssertLevels(window, l => Pool.FamilyShare * ownMix[l] + (1 - Pool.FamilyShare) * Pool.LevelWeights[l] / Pool.LevelWeights.Sum(), "orders in the window");
        AssertLevels(orders.Where(e => At(e) >= Pool.EndSecs + Pool.RecoverySecs || At(e) < Pool.StartSecs - Pool.PrecursorSecs).ToList(),
            l => Normal[l], "orders away from the incident");
        AssertLevels(web, l => Normal[l], "web");

        // The same seed makes the same family on every shard and run: these are the run's own messages.
        Assert.True(ownCount > 0);

        // Family messages only in their phase; precursors and recovery at their share.
        Assert.All(orders.Where(e => own.Contains(e.Text)), e => Assert.True(InWindow(e)));
        Assert.All(orders.Where(e => precursors.Contains(e.Text)), e => Assert.InRange(At(e), Pool.StartSecs - Pool.PrecursorSecs, Pool.StartSecs));
        Assert.All(orders.Where(e => recovery.Contains(e.Text)), e => Assert.InRange(At(e), Pool.EndSecs, Pool.EndSecs + Pool.RecoverySecs));
        Assert.DoesNotContain(web, e => own.Contains(e.Text) || precursors.Contains(e.Text) || recovery.Contains(e.Text));
        var before = orders.Count(e => At(e) >= Pool.StartSecs - Pool.PrecursorSecs && At(e) < Pool.StartSecs);
        AssertBinomial(orders.Count(e => precursors.Contains(e.Text)), before, Pool.SideShare, "precursors");

        // The summary's ground truth is exactly what reached the sink.
        Assert.Equal(window.Count, incident.EntriesInWindow);
        Assert.Equal(ownCount, incident.IncidentMessages);
        Assert.Equal(orders.Count(e => precursors.Contains(e.Text)), incident.PrecursorMessages);
        Assert.Equal(orders.Count(e => recovery.Contains(e.Text)), incident.RecoveryMessages);
        foreach (var level in LogLevels.All) Assert.Equal(window.Count(e => e.Level == level), incident.WindowByLevel[level.Name()]);
        Assert.Equal(["orders"], incident.Services);
        Assert.Equal("database_pool_exhaustion", incident.Kind);
    }

    [Fact]
    public void Each_affected_service_logs_the_incident_in_its_own_name()
    {
        var incident = Pool with { Services = ["payment-service", "orders"] };
        var families = IncidentFamilies.Create(IncidentConfig.Affected([incident]), TestPools.Small(), seed: 3);

        foreach (var service in incident.Services)
        {
            var other = incident.Services.Single(s => s != service);
            var texts = Enum.GetValues<IncidentPhase>().SelectMany(phase => families.For(service, incident.Kind, phase)).Select(m => m.Text).ToList();
            // Most of the kind's templates name the service that logs them; none names another one.
            var named = texts.Count(t => t.StartsWith(service + ": ", StringComparison.Ordinal));
            Assert.True(named * 2 > texts.Count, $"{named} of {texts.Count} {service} messages name it");
            Assert.DoesNotContain(texts, t => t.Contains(other, StringComparison.Ordinal) || Vocabulary.Services.Any(v => t.Contains(v + ":", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task The_same_seed_writes_the_same_incident()
    {
        async Task<string[]> Texts()
        {
            var time = new FakeTimeProvider();
            var sink = new RecordingSink("rec", time);
            var config = FakeClockRun.Config(40, new ServiceConfig("orders", 200, Normal, ArrivalProcess.Poisson)) with { Incidents = [Pool] };
            await FakeClockRun.RunAsync(config, TestPools.Small(), 5, [(sink, FakeClockRun.SinkConfig("rec"))], time);
            var start = sink.Entries.Min(e => e.Timestamp);
            return [.. sink.Entries.OrderBy(e => e.Timestamp).Select(e => $"{(e.Timestamp - start).Ticks} {e.Text}")];
        }

        var first = await Texts();
        Assert.Equal(first, await Texts());
    }

    private static void AssertPoisson(long observed, double expected, string what)
    {
        var z = (observed - expected) / Math.Sqrt(expected);
        Assert.True(Math.Abs(z) < Z, $"{what}: {observed} entries, expected {expected:0} (z {z:0.00}, p 0.001 bound {Z})");
    }

    private static void AssertBinomial(long hits, long trials, double p, string what)
    {
        var z = (hits - trials * p) / Math.Sqrt(trials * p * (1 - p));
        Assert.True(Math.Abs(z) < Z, $"{what}: {hits} of {trials}, expected share {p} (z {z:0.00}, p 0.001 bound {Z})");
    }

    private static void AssertLevels(IReadOnlyCollection<LogEntry> entries, Func<int, double> share, string what)
    {
        var chi = LogLevels.All.Sum(level =>
        {
            var expected = share((int)level) * entries.Count;
            var observed = entries.Count(e => e.Level == level);
            return expected == 0 ? (observed == 0 ? 0 : double.PositiveInfinity) : (observed - expected) * (observed - expected) / expected;
        });
        Assert.True(chi < ChiSquare3, $"{what}: level chi-square {chi:0.00} over {entries.Count} entries exceeds {ChiSquare3} (df 3, p 0.001)");
    }
}
