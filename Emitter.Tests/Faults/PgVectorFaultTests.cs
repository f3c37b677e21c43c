using Emitter.Tests.PgVector;
using Npgsql;

namespace Emitter.Tests.Faults;

/// <summary>
/// Real runs into the real PostgreSQL through <see cref="FaultProxy"/>, in both write modes:
/// whatever the wire does (slow, reset in the middle of a write, reset before a commit
/// arrives, a commit whose acknowledgement is lost), the table holds every emitted entry once
/// and the summary says exactly that. The contract (<see cref="Contract.StoreContractTests"/>) runs
/// the wire faults every store meets in the default copy mode; here the unnest mode and the faults
/// at a PostgreSQL commit.
/// </summary>
public class PgVectorFaultTests
{
    public enum Fault
    {
        /// <summary>40 ms on every chunk each way.</summary>
        Delay,

        /// <summary>RST after 150 kB toward the server: inside a COPY's data or an INSERT's parameters.</summary>
        ResetMidWrite,

        /// <summary>RST instead of the commit: the server rolls the write back.</summary>
        ResetBeforeCommit,

        /// <summary>The commit reaches the server and completes; its acknowledgement is dropped and the connection reset.</summary>
        AckLostAfterCommit,

        /// <summary>The same, three commits in a row.</summary>
        AckLostThreeTimes,
    }

    public static TheoryData<string, Fault> Cases()
    {
        var cases = new TheoryData<string, Fault>();
        foreach (var mode in new[] { "copy", "unnest" })
            foreach (var fault in Enum.GetValues<Fault>())
                if (mode == "unnest" || fault is not (Fault.Delay or Fault.ResetMidWrite)) cases.Add(mode, fault);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_run_through_a_faulty_wire_stores_every_emitted_entry_once(string mode, Fault fault)
    {
        var target = new NpgsqlConnectionStringBuilder(PgVectorTestDatabase.ConnectionString);
        await using var proxy = FaultProxy.ToPostgres(target.Port);
        // The proxy reads the protocol, so no TLS between the generator and it.
        var viaProxy = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, SslMode = SslMode.Disable };
        switch (fault)
        {
            case Fault.Delay:
                proxy.ToServerDelay = proxy.ToClientDelay = TimeSpan.FromMilliseconds(40);
                break;
            case Fault.ResetMidWrite:
                proxy.ResetAfterBytes(150_000);
                break;
            case Fault.ResetBeforeCommit:
                proxy.ResetBeforeCommit();
                break;
            case Fault.AckLostAfterCommit:
                proxy.CutAfterCommit();
                break;
            case Fault.AckLostThreeTimes:
                proxy.CutAfterCommit(3);
                break;
        }
        var table = PgVectorTestDatabase.NewTable($"fault_{mode}");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        try
        {
            var outcome = await FaultRun.RunAsync(
                $"  - type: pgvector\n    connection_string: \"{viaProxy.ConnectionString}\"\n    table_name: {table}\n    create_indexes: false\n    write_mode: {mode}\n",
                "pgvector");

            outcome.AssertAllDelivered();
            if (fault != Fault.Delay)
            {
                Assert.True(proxy.Injected.Task.IsCompleted, $"the fault never fired ({proxy.Fired} of it did): {outcome.Errors}");
                Assert.True(outcome.Retried > 0, outcome.Errors);
            }
            Assert.Equal(outcome.Emitted, await db.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\""));
            Assert.Equal(outcome.Emitted, await db.ScalarAsync<long>($"SELECT count(DISTINCT id) FROM \"{table}\""));
        }
        finally
        {
            await db.DropAsync(table);
        }
    }
}
