using Microsoft.Extensions.Logging;
using System.Net.Sockets;
using Npgsql;

namespace Emitter.Generator.Sinks.PgVector;

/// <summary>
/// Runs the sink's first-use work on one connection, waiting with backoff for a server that
/// is starting or briefly away (up to <see cref="Patience"/>); anything else that keeps it
/// from getting ready becomes a <see cref="SinkSetupException"/> saying what to do.
/// </summary>
public sealed class PgVectorStartup(PgVectorServer server, string sink, ILogger logger, TimeProvider time)
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + Patience;
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(server.ConnectionString);
                await connection.OpenAsync(ct);
                return await work(connection);
            }
            catch (Exception e) when (e is not OperationCanceledException && PgVectorTransience.IsTransient(e) && time.GetUtcNow() + delay < deadline)
            {
                logger.LogWarning("Sink {Sink}: PostgreSQL at {Server} not ready ({Reason}); trying again in {Delay:0.0} s",
                    sink, server, server.Mask(e.Message), delay.TotalSeconds);
                await Task.Delay(delay, time, ct);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            }
            catch (PostgresException e) when (e.SqlState is "0A000" or "58P01" && e.MessageText.Contains("vector", StringComparison.Ordinal))
            {
                throw new SinkSetupException($"Sink {sink}: PostgreSQL at {server} has no pgvector extension ({server.Mask(e.MessageText)}): install it (postgresql-NN-pgvector), or use scripts/pgvector-up.sh, which installs and starts a server with it", e);
            }
            catch (Exception e) when (e is NpgsqlException or SocketException or IOException or TimeoutException)
            {
                var hint = PgVectorTransience.IsTransient(e)
                    ? $"not reachable for {Patience.TotalSeconds:0} s; start it (scripts/pgvector-up.sh starts a local one) or fix the sink's connection settings"
                    : "check the sink's connection settings (host, port, user, password, database)";
                throw new SinkSetupException($"Sink {sink}: PostgreSQL at {server}: {server.Mask(e.Message)}: {hint}", e);
            }
        }
    }
}
