using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Emitter.Processes;

namespace Emitter.Tests.Processes;

/// <summary>
/// A port picked for a server that binds later lies outside the kernel's ephemeral range, so no
/// outgoing connection's source port can take it in between, and it is free when picked.
/// </summary>
public class LoopbackPortsTests
{
    [Fact]
    public void A_picked_port_is_below_the_ephemeral_range_and_free()
    {
        var ephemeralLow = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0], CultureInfo.InvariantCulture);

        var ports = Enumerable.Range(0, 50).Select(_ => LoopbackPorts.Free()).ToList();

        Assert.All(ports, p => Assert.InRange(p, 15_000, ephemeralLow - 1));
        foreach (var port in ports)
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start(); // throws if something holds it
        }
    }

    [Fact]
    public void A_port_taken_by_a_listener_is_not_given()
    {
        var held = Enumerable.Range(0, 20).Select(_ => new TcpListener(IPAddress.Loopback, LoopbackPorts.Free())).ToList();
        try
        {
            held.ForEach(l => l.Start());
            var taken = held.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToHashSet();

            Assert.DoesNotContain(Enumerable.Range(0, 500).Select(_ => LoopbackPorts.Free()), taken.Contains);
        }
        finally
        {
            held.ForEach(l => l.Stop());
        }
    }
}
