using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Stores;
using Emitter.Tests.Faults;
using Emitter.Tests.PgVector;
using Npgsql;

namespace Emitter.Tests.Contract;

/// <summary>
/// The real PostgreSQL + pgvector (EMITTER_TEST_PGVECTOR), a table per test; for the restart case
/// a server of its own (scripts/pgvector-up.sh on a free port) that can be stopped and started.
/// Faults are the server's own: a trigger raising a serialization failure (40001, transient) or a
/// check violation (23514, for good), so what the sink sees is what a real server sends.
/// </summary>
public sealed class PgVectorContractStore : ContractStore
{
    private NpgsqlDataSource _db;
    private readonly string _connectionString;
    private readonly int? _privatePort;

    private PgVectorContractStore(NpgsqlDataSource db, string connectionString, int? privatePort)
    {
        _db = db;
        _connectionString = connectionString;
        _privatePort = privatePort;
        Target = PgVectorTestDatabase.NewTable("contract");
    }

    public static async Task<ContractStore> StartAsync(bool restartable)
    {
        _ = PgVectorTestDatabase.ConnectionString; // no server provisioned: fail here, saying how to get one
        if (!restartable) return new PgVectorContractStore(await PgVectorTestDatabase.OpenAsync(), PgVectorTestDatabase.ConnectionString, null);
        var port = PgVectorScripts.FreePort();
        var connectionString = await PgVectorScripts.UpAsync(port);
        return new PgVectorContractStore(await PgVectorTestDatabase.OpenAsync(connectionString), connectionString, port);
    }

    public override string Type => SinkTypes.PgVector;
    public override string Target { get; }
    public override string TargetKey => "table_name";
    public override string Secret => new NpgsqlConnectionStringBuilder(_connectionString).Password ?? "";
    public override bool RefusesSingleEntries => false; // a transaction (one slice of a batch) stores all or nothing
    public override string RefusalReason => "refused for good by the contract test";

    protected override IEnumerable<(string Key, string Value)> Settings(int? viaPort)
    {
        var connection = new NpgsqlConnectionStringBuilder(_connectionString);
        // The proxy reads the protocol, so no TLS between the generator and it.
        if (viaPort is { } port) connection = new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Host = "127.0.0.1", Port = port, SslMode = SslMode.Disable };
        return [("connection_string", connection.ConnectionString), (TargetKey, Target)];
    }

    public override (IEnumerable<(string Key, string Value)> Settings, string Secret) Unreachable(int port) =>
        ([("connection_string", $"Host=127.0.0.1;Port={port};Username=emitter;Password=very-secret-password;Database=emitter"), (TargetKey, Target)], "very-secret-password");

    public override FaultProxy Proxy() => FaultProxy.ToPostgres(new NpgsqlConnectionStringBuilder(_connectionString).Port);

    public override async Task<IReadOnlySet<Guid>> StoredIdsAsync()
    {
        var ids = new HashSet<Guid>();
        if (!await _db.ScalarAsync<bool>("SELECT to_regclass($1) IS NOT NULL", $"\"{Target}\"")) return ids;
        await using var command = _db.CreateCommand($"SELECT id FROM \"{Target}\"");
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = 0;
        while (await reader.ReadAsync(Ct))
        {
            ids.Add(reader.GetGuid(0));
            rows++;
        }
        Assert.Equal(rows, ids.Count); // a row stored twice is no set
        return ids;
    }

    public override async Task<StoredShape> ShapeAsync(Guid written)
    {
        const string column = "SELECT count(*) FROM information_schema.columns WHERE table_name = $1 AND column_name = $2";
        var vectors = await _db.ScalarAsync<long>(column, Target, "embedding") == 1;
        var text = await _db.ScalarAsync<long>(column, Target, "message_tsv") == 1
            && await _db.ScalarAsync<long>("SELECT count(*) FROM pg_indexes WHERE tablename = $1 AND indexdef ILIKE '%USING gin%'", Target) > 0;
        var entryVector = vectors && await _db.ScalarAsync<bool>($"SELECT embedding IS NOT NULL FROM \"{Target}\" WHERE id = $1", written);
        return new StoredShape(vectors, text, entryVector);
    }

    public override Task FailNextWritesAsync(int count) => ExecuteAsync($$"""
        CREATE SEQUENCE "{{Target}}_f";
        CREATE FUNCTION "{{Target}}_f"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF nextval('"{{Target}}_f"') <= {{count}} THEN
            RAISE EXCEPTION 'could not serialize access (contract test)' USING ERRCODE = '40001';
          END IF;
          RETURN NULL;
        END $$;
        CREATE TRIGGER "{{Target}}_f" BEFORE INSERT ON "{{Target}}" FOR EACH STATEMENT EXECUTE FUNCTION "{{Target}}_f"();
        """);

    public override Task RefuseAsync(IReadOnlyCollection<Guid> ids) => ExecuteAsync($$"""
        CREATE FUNCTION "{{Target}}_r"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.id = ANY('{{{string.Join(',', ids)}}}'::uuid[]) THEN
            RAISE EXCEPTION 'entry % {{RefusalReason}}', NEW.id USING ERRCODE = '23514';
          END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER "{{Target}}_r" BEFORE INSERT ON "{{Target}}" FOR EACH ROW EXECUTE FUNCTION "{{Target}}_r"();
        """);

    public override Task StopAsync() => _privatePort is { } port ? PgVectorScripts.DownAsync(port) : throw new InvalidOperationException("the shared server is not stopped");

    public override async Task RestartAsync()
    {
        await PgVectorScripts.UpAsync(_privatePort!.Value);
        await _db.DisposeAsync(); // its connections died with the server
        _db = await PgVectorTestDatabase.OpenAsync(_connectionString);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _db.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Ct);
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            if (_privatePort is { } port)
            {
                NpgsqlConnection.ClearAllPools();
                await PgVectorScripts.DownAsync(port, wipe: true);
            }
            else
            {
                await using var command = _db.CreateCommand(
                    $"DROP TABLE IF EXISTS \"{Target}\"; DROP FUNCTION IF EXISTS \"{Target}_f\"(); DROP FUNCTION IF EXISTS \"{Target}_r\"(); DROP SEQUENCE IF EXISTS \"{Target}_f\"");
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
        finally
        {
            await _db.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
