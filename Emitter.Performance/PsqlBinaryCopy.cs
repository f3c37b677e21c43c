using System.Diagnostics;
using Emitter.Processes;
using Npgsql;

namespace Emitter.Performance;

/// <summary>The limit: psql's <c>\copy ... FROM file (FORMAT binary)</c> of the same rows into the same table definition.</summary>
public static class PsqlBinaryCopy
{
    public static async Task<TimeSpan> RunAsync(string connectionString, string table, string columns, string file)
    {
        var server = new NpgsqlConnectionStringBuilder(connectionString);
        var request = new ProcessRequest("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", $"\\copy \"{table}\" ({columns}) FROM '{file}' WITH (FORMAT binary)"])
        {
            Environment = new Dictionary<string, string?>
            {
                ["PGHOST"] = server.Host,
                ["PGPORT"] = $"{server.Port}",
                ["PGUSER"] = server.Username,
                ["PGPASSWORD"] = server.Password, // the environment, not the command line: not visible in ps
                ["PGDATABASE"] = server.Database,
            },
        };
        var clock = Stopwatch.StartNew();
        var result = await ProcessRunner.Instance.RunAsync(request);
        clock.Stop();
        result.EnsureSucceeded(request);
        return clock.Elapsed;
    }
}
