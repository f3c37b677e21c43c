using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Emitter.Tests.Faults;

/// <summary>
/// A TCP proxy between the generator and a server (PostgreSQL, the fake Qdrant or
/// Elasticsearch) that breaks the wire the ways a network and a server restart do: delay per
/// direction, a reset (RST, linger 0) after a number of bytes, on the reply to a request, or
/// at a PostgreSQL commit (before the server sees it, or after it committed with the
/// acknowledgement lost). Each armed fault fires once and is counted; <see cref="Injected"/>
/// completes when the armed faults have all fired, so a test waits for that, not for time.
/// Written on sockets because nothing served fits: Toxiproxy (a Go server and its clients) is
/// not served here, YARP proxies HTTP requests (it cannot reset a stream at a byte or read the
/// PostgreSQL protocol), and Polly's chaos strategies inject faults inside the client, not on the wire.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly bool _postgres;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<ProxiedConnection, byte> _connections = new();
    private readonly Task _accepting;
    private readonly object _gate = new();
    private long _resetAfterBytes = -1;
    private long _replyAfterBytes = -1;
    private int _commitsToReset;
    private int _commitsToCut;
    private int _armed;
    private int _fired;

    private FaultProxy(int upstreamPort, bool postgres)
    {
        _upstreamPort = upstreamPort;
        _postgres = postgres;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>A proxy to a PostgreSQL server: reads the frontend protocol to find commits (the client must not use TLS).</summary>
    public static FaultProxy ToPostgres(int upstreamPort) => new(upstreamPort, postgres: true);

    /// <summary>A proxy that only moves bytes (HTTP/1.1, HTTP/2).</summary>
    public static FaultProxy ToServer(Uri upstream) => new(upstream.Port, postgres: false);

    public int Port { get; }

    /// <summary>Each chunk toward the server waits this long before it is sent on.</summary>
    public TimeSpan ToServerDelay { get; set; }

    /// <summary>Each chunk toward the client waits this long before it is sent on.</summary>
    public TimeSpan ToClientDelay { get; set; }

    /// <summary>Completes when every armed fault has fired.</summary>
    public TaskCompletionSource Injected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Fired => Volatile.Read(ref _fired);

    /// <summary>Completes when a client connected while the server refused connections (it is down): the client noticed the outage.</summary>
    public TaskCompletionSource UpstreamRefused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int ConnectionsSeen { get; private set; }

    /// <summary>The connection carrying byte number <paramref name="bytes"/> toward the server (counted from now, over all connections) is reset there.</summary>
    public void ResetAfterBytes(long bytes) => Arm(() => _resetAfterBytes = bytes);

    /// <summary>Once <paramref name="requestBytes"/> have gone toward the server, the next reply chunk is dropped and its connection reset: a request in flight whose answer is lost.</summary>
    public void ResetOnReplyAfter(long requestBytes) => Arm(() => _replyAfterBytes = requestBytes);

    /// <summary>The next <paramref name="times"/> commits of a transaction that wrote rows are not sent on: the connection is reset, the server rolls back.</summary>
    public void ResetBeforeCommit(int times = 1) => Arm(() => _commitsToReset += times, times);

    /// <summary>The next <paramref name="times"/> commits of a transaction that wrote rows reach the server; its answer (ReadyForQuery) is dropped and the connection reset: committed, but the client cannot know.</summary>
    public void CutAfterCommit(int times = 1) => Arm(() => _commitsToCut += times, times);

    private void Arm(Action set, int faults = 1)
    {
        lock (_gate) set();
        Interlocked.Add(ref _armed, faults);
    }

    private void Fire(ProxiedConnection connection)
    {
        connection.Reset();
        if (Interlocked.Increment(ref _fired) >= Volatile.Read(ref _armed)) Injected.TrySetResult();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            client.NoDelay = true;
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                // The server is down: so is the proxy's side of it.
                if (e is SocketException) UpstreamRefused.TrySetResult();
                ProxiedConnection.Abort(client);
                server.Dispose();
                continue;
            }
            ConnectionsSeen++;
            var connection = new ProxiedConnection(client, server);
            _connections[connection] = 0;
            _ = Task.WhenAll(ToServerAsync(connection), ToClientAsync(connection)).ContinueWith(_ =>
            {
                _connections.TryRemove(connection, out var _);
                connection.Reset();
            }, TaskScheduler.Default);
        }
    }

    private async Task ToServerAsync(ProxiedConnection connection)
    {
        var buffer = new byte[64 * 1024];
        var commits = _postgres ? new PgCommitSpotter() : null;
        try
        {
            while (true)
            {
                var read = await connection.Client.ReceiveAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    connection.Server.Shutdown(SocketShutdown.Send);
                    return;
                }
                if (ToServerDelay > TimeSpan.Zero) await Task.Delay(ToServerDelay, _stop.Token);

                var send = read;
                var reset = false;
                lock (_gate)
                {
                    if (_resetAfterBytes >= 0)
                    {
                        if (_resetAfterBytes <= read)
                        {
                            send = (int)_resetAfterBytes;
                            reset = true;
                            _resetAfterBytes = -1;
                        }
                        else _resetAfterBytes -= read;
                    }
                    if (_replyAfterBytes > 0) _replyAfterBytes = Math.Max(0, _replyAfterBytes - read);
                }
                if (commits is not null && !reset)
                {
                    // A commit message ends inside this chunk: stop before it (reset) or let it through and lose the answer (cut).
                    var commitEnd = commits.Feed(buffer.AsSpan(0, read));
                    if (commitEnd >= 0)
                    {
                        lock (_gate)
                        {
                            if (_commitsToReset > 0)
                            {
                                _commitsToReset--;
                                reset = true;
                                send = 0;
                            }
                            else if (_commitsToCut > 0)
                            {
                                _commitsToCut--;
                                connection.CutAtNextReady = true;
                            }
                        }
                    }
                }
                if (send > 0) await connection.Server.SendAsync(buffer.AsMemory(0, send), _stop.Token);
                if (reset)
                {
                    Fire(connection);
                    return;
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            connection.Reset();
        }
    }

    private async Task ToClientAsync(ProxiedConnection connection)
    {
        var buffer = new byte[64 * 1024];
        var ready = new ReadyForQuerySpotter();
        try
        {
            while (true)
            {
                var read = await connection.Server.ReceiveAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    connection.Client.Shutdown(SocketShutdown.Send);
                    return;
                }
                if (ToClientDelay > TimeSpan.Zero) await Task.Delay(ToClientDelay, _stop.Token);

                if (connection.CutAtNextReady)
                {
                    // Everything after the COMMIT is its answer: drop it, and once the server says it is
                    // ready again (the commit is done) reset the client.
                    if (ready.Feed(buffer.AsSpan(0, read)))
                    {
                        Fire(connection);
                        return;
                    }
                    continue;
                }
                var lose = false;
                lock (_gate)
                {
                    if (_replyAfterBytes == 0)
                    {
                        _replyAfterBytes = -1;
                        lose = true;
                    }
                }
                if (lose)
                {
                    Fire(connection);
                    return;
                }
                await connection.Client.SendAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            connection.Reset();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        foreach (var connection in _connections.Keys) connection.Reset();
        _stop.Dispose();
    }

    private sealed class ProxiedConnection(Socket client, Socket server)
    {
        private int _reset;

        public Socket Client { get; } = client;
        public Socket Server { get; } = server;
        public volatile bool CutAtNextReady;

        /// <summary>Both sides closed with RST (linger 0), as a crashed peer or a dropped route looks.</summary>
        public void Reset()
        {
            if (Interlocked.Exchange(ref _reset, 1) == 1) return;
            Abort(Client);
            Abort(Server);
        }

        public static void Abort(Socket socket)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already gone: nothing to reset.
            }
            socket.Dispose();
        }
    }
}
