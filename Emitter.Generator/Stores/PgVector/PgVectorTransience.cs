using System.Net.Sockets;
using Emitter.Generator.Sinks;
using Npgsql;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>
/// Which failures are worth retrying: the server unreachable, shutting down, restarting or
/// out of connections, or the connection broken. A SQL error about the data or the schema is not.
/// </summary>
public static class PgVectorTransience
{
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    return pg.IsTransient || IsTransientState(pg.SqlState);
                case NpgsqlException { IsTransient: true }:
                case SocketException or IOException or TimeoutException:
                    return true;
            }
        }
        return false;
    }

    /// <summary>57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 08xxx connection, 53xxx resources, 40001/40P01.</summary>
    public static bool IsTransientState(string state) =>
        state is "57P01" or "57P02" or "57P03" or "40001" or "40P01"
        || state.StartsWith("08", StringComparison.Ordinal)
        || state.StartsWith("53", StringComparison.Ordinal);
}
