using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Emitter.Processes;

/// <summary>
/// A free loopback port for a server that another process binds later (postgres after initdb, a
/// dashboard after its start). Not the kernel's own pick (port 0): that comes from the ephemeral
/// range, where every outgoing connection also takes its source port, so in the seconds before the
/// server binds, a busy machine's connections can take it ("Address already in use"). A port below
/// that range is given to no connection unasked; it is checked free by binding it once.
/// </summary>
public static class LoopbackPorts
{
    private const string RangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
    // Below this, ports are the usual home of installed services.
    private const int Lowest = 15_000;
    private const int Attempts = 200;

    public static int Free()
    {
        var (low, high) = (Lowest, EphemeralLow());
        if (high - low >= 1_000)
        {
            for (var i = 0; i < Attempts; i++)
            {
                var port = Random.Shared.Next(low, high);
                if (TryBind(port)) return port;
            }
        }
        // A machine whose ephemeral range starts low, or whose low ports are all taken: the kernel's pick.
        return Bind(0);
    }

    /// <summary>The first port of the kernel's ephemeral range (Linux; 32768, its default, elsewhere).</summary>
    private static int EphemeralLow()
    {
        try
        {
            var first = File.ReadAllText(RangeFile).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0];
            return int.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32_768;
        }
    }

    private static bool TryBind(int port)
    {
        try
        {
            Bind(port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int Bind(int port)
    {
        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
