using System.Buffers;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Emitter.Tests.Dashboard;

/// <summary>A WebSocket client of /ws that reads whole frames as JSON when asked to, and only then.</summary>
public sealed class StreamClient : IAsyncDisposable
{
    private readonly WebSocket _socket;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);

    private StreamClient(WebSocket socket) => _socket = socket;

    public long Entries { get; private set; }
    public long Missed { get; private set; }

    public static async Task<StreamClient> ConnectAsync(Uri uri, string? origin = null)
    {
        var socket = new ClientWebSocket();
        if (origin is not null) socket.Options.SetRequestHeader("Origin", origin);
        await socket.ConnectAsync(uri, TestContext.Current.CancellationToken);
        return new StreamClient(socket);
    }

    /// <summary>
    /// A client over a socket with a small, fixed receive buffer (no kernel autotuning): once it
    /// stops reading, the server's sends stall after a few MB and its queue for it fills.
    /// </summary>
    public static async Task<StreamClient> ConnectSmallBufferAsync(Uri uri)
    {
        var ct = TestContext.Current.CancellationToken;
        var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 8192 };
        await tcp.ConnectAsync(uri.Host, uri.Port, ct);
        var stream = new NetworkStream(tcp, ownsSocket: true);
        var key = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"), ct);
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, ct) == 0) throw new IOException("connection closed during the handshake");
            head.Append((char)one[0]);
        }
        Assert.StartsWith("HTTP/1.1 101", head.ToString());
        return new StreamClient(WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = false }));
    }

    /// <summary>The next frame, counting its entries (flush) or what was missed (missed).</summary>
    public async Task<JsonElement> ReceiveAsync(CancellationToken cancellationToken)
    {
        _buffer.ResetWrittenCount();
        ValueWebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(_buffer.GetMemory(1 << 16), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close) throw new IOException("the server closed the stream");
            _buffer.Advance(result.Count);
        }
        while (!result.EndOfMessage);

        var frame = JsonDocument.Parse(_buffer.WrittenMemory).RootElement.Clone();
        switch (frame.GetProperty("type").GetString())
        {
            case "flush": Entries += frame.GetProperty("entries").GetArrayLength(); break;
            case "missed": Missed += frame.GetProperty("entries").GetInt64(); break;
        }
        return frame;
    }

    /// <summary>The first frame a client gets, which must be the backlog (not counted in <see cref="Entries"/>).</summary>
    public async Task<JsonElement> ReceiveBacklogAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var frame = await ReceiveAsync(timeout.Token);
        Assert.Equal("backlog", frame.GetProperty("type").GetString());
        return frame;
    }

    /// <summary>Reads until entries received plus entries missed reach <paramref name="total"/>; returns the flush frames.</summary>
    public async Task<List<JsonElement>> ReceiveUntilAsync(long total, TimeSpan limit)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(limit);
        var flushes = new List<JsonElement>();
        while (Entries + Missed < total)
        {
            var frame = await ReceiveAsync(timeout.Token);
            if (frame.GetProperty("type").GetString() == "flush") flushes.Add(frame);
        }
        return flushes;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, quick.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
        }
        _socket.Dispose();
    }
}
