using System.Net;
using System.Net.Sockets;
using Emitter.Generator.Stores.Qdrant;
using Grpc.Core;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Emitter.Tests.Sinks;

/// <summary>
/// What the official client throws when the connection to Qdrant breaks before HTTP/2 is set up
/// (a restarting server, or a proxy or load balancer in front of one: the contract suite's restart
/// test met it in one suite run of three under load): the sink retries it, while Internal answered
/// by a server stays final.
/// </summary>
public class QdrantHandshakeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("goaway")] // a server going away answers the preface with GOAWAY before its SETTINGS
    [InlineData("settings-goaway")] // a server that shuts down as the connection opens: SETTINGS, then GOAWAY
    [InlineData("close")] // the connection is closed once the preface has come
    public async Task A_connection_broken_before_the_HTTP2_handshake_is_retried(string answer)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serving = ServeAsync(listener, answer);

        using var client = new QdrantClient(new Uri($"http://127.0.0.1:{port}"), grpcTimeout: TimeSpan.FromSeconds(30));
        var error = await Assert.ThrowsAsync<RpcException>(() => client.UpsertAsync("logs", [new PointStruct { Id = 1ul, Vectors = new[] { 1f, 0f } }], cancellationToken: Ct));
        TestContext.Current.TestOutputHelper?.WriteLine($"{answer}: {error.StatusCode} {error.Status.Detail} (debug: {error.Status.DebugException?.GetType().Name})");

        Assert.True(QdrantSink.Transient(error), $"{error.StatusCode}: {error.Status.Detail}");
        listener.Stop();
        await serving;
    }

    [Fact]
    public void A_new_connection_that_shut_down_before_its_first_stream_is_retried()
    {
        // The contract suite's failure, which a socket cannot stage on demand (a race inside the
        // handler): SocketsHttpHandler's HttpConnectionPool fails the request with this exception and
        // nothing inside it, and Grpc.Net.Client wraps it as Internal with it as the debug exception.
        var handshake = new HttpRequestException("An HTTP/2 connection could not be established because the server did not complete the HTTP/2 handshake.");
        var error = new RpcException(new Status(StatusCode.Internal, $"Error starting gRPC call. HttpRequestException: {handshake.Message}", handshake));
        Assert.True(QdrantSink.Transient(error));
    }

    [Fact]
    public void Internal_answered_by_the_server_is_not_retried()
    {
        // As the client makes it from a grpc-status 13 trailer: no HttpClient exception behind it.
        var answered = new RpcException(new Status(StatusCode.Internal, "Service internal error: 1 validation error"));
        Assert.False(QdrantSink.Transient(answered));
    }

    private static async Task ServeAsync(TcpListener listener, string answer)
    {
        try
        {
            while (true)
            {
                using var socket = await listener.AcceptSocketAsync(Ct);
                var preface = new byte[24]; // "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
                var read = 0;
                while (read < preface.Length)
                {
                    var n = await socket.ReceiveAsync(preface.AsMemory(read), Ct);
                    if (n == 0) break;
                    read += n;
                }
                switch (answer)
                {
                    case "goaway":
                        // RFC 9113 section 6.8: length 8, type 0x7, no flags, stream 0; last stream 0, NO_ERROR.
                        await socket.SendAsync(new byte[] { 0, 0, 8, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, Ct);
                        break;
                    case "settings-goaway":
                        // An empty SETTINGS frame (type 0x4), then the GOAWAY above.
                        await socket.SendAsync(new byte[] { 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 8, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, Ct);
                        break;
                }
                socket.Shutdown(SocketShutdown.Both);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The listener stopped: the test is over. (Stopped between two accepts, the next accept
            // throws InvalidOperationException, "Not listening"; the soak met it once.)
        }
    }
}
