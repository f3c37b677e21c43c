using System.Net.WebSockets;
using Microsoft.Extensions.Options;

namespace Emitter.Dashboard.Streaming;

/// <summary>
/// GET /ws (the original's endpoint): first one backlog frame (what the dashboard kept and its
/// totals), then one flush frame per batch the dashboard receives from the moment the client
/// connects. Each client has its own queue and its own sender.
/// </summary>
public static class WebSocketEndpoint
{
    public const string Path = "/ws";

    public static async Task HandleAsync(HttpContext http, ClientHub hub, OriginCheck origins, IHostApplicationLifetime lifetime,
        IOptions<DashboardOptions> options, TimeProvider time, ILogger<ClientHub> logger)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync("expected a WebSocket request");
            return;
        }
        if (!origins.Allows(http.Request))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        if (hub.Connect() is not { } client)
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await http.Response.WriteAsync($"{options.Value.MaxClients} clients are connected, the most this dashboard serves (Dashboard:MaxClients)");
            return;
        }
        var (id, queue, backlog) = client;
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var sending = Task.CompletedTask;
        WebSocket? socket = null;
        try
        {
            socket = await http.WebSockets.AcceptWebSocketAsync();
            var sender = new Sender(socket, http, queue, TimeSpan.FromSeconds(options.Value.SendTimeoutSecs), time);
            sending = SendAsync(sender, backlog, hub, logger, gone);

            await DiscardIncomingAsync(socket, gone.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The client went away or the server is stopping.
        }
        finally
        {
            await gone.CancelAsync();
            hub.Disconnect(id);
            await sending;
            socket?.Dispose();
        }
    }

    private static async Task SendAsync(Sender sender, ReadOnlyMemory<byte> backlog, ClientHub hub, ILogger logger, CancellationTokenSource gone)
    {
        var queue = sender.Queue;
        try
        {
            // Flushes published meanwhile wait in the queue (dropping as usual if it fills).
            await sender.SendAsync(backlog, gone.Token);
            while (await queue.WaitToReadAsync(gone.Token))
            {
                while (queue.TryTake(out var frame, out var missed))
                {
                    if (missed.Flushes > 0) await sender.SendAsync(MissedFrame.Create(missed.Entries, missed.Flushes, queue.TotalMissedEntries), gone.Token);
                    await sender.SendAsync(frame.Json, gone.Token);
                }
            }
        }
        catch (TimeoutException e)
        {
            // It stopped reading: its socket is aborted (a close frame could not get through
            // either), its queue released, and the receive loop ends.
            hub.ClientDropped();
            logger.LogWarning("A /ws client was dropped: {Reason}; it had missed {Missed} entries", e.Message, queue.TotalMissedEntries);
            await gone.CancelAsync();
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The connection went while a frame was still on its way: the server (Kestrel's minimum
            // response data rate) or the transport gave up on a client that was not reading.
            if (sender.Pending && sender.ConnectionAborted)
            {
                hub.ClientDropped();
                logger.LogWarning("A /ws client was dropped: its connection was aborted while a frame waited to reach it; it had missed {Missed} entries", queue.TotalMissedEntries);
            }
        }
    }

    /// <summary>Sends one frame, or throws <see cref="TimeoutException"/> (and aborts the socket) when the client does not take it in time.</summary>
    private sealed class Sender(WebSocket socket, HttpContext http, ClientQueue queue, TimeSpan timeout, TimeProvider time)
    {
        public ClientQueue Queue => queue;

        /// <summary>A send has started and not yet returned.</summary>
        public bool Pending { get; private set; }

        public bool ConnectionAborted => http.RequestAborted.IsCancellationRequested;

        public async Task SendAsync(ReadOnlyMemory<byte> frame, CancellationToken gone)
        {
            using var limit = new CancellationTokenSource(timeout, time);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(gone, limit.Token);
            try
            {
                Pending = true;
                await socket.SendAsync(frame, WebSocketMessageType.Text, true, either.Token);
                Pending = false;
            }
            // Whatever the transport throws once the send's own time is up (cancelled, aborted, a
            // connection reset) means the same: the client did not take the frame in time.
            catch (Exception) when (limit.IsCancellationRequested && !gone.IsCancellationRequested)
            {
                socket.Abort();
                http.Abort(); // the connection too: a write waiting on a full pipe ends only with it
                throw new TimeoutException($"a frame of {frame.Length:N0} bytes did not reach it within {timeout.TotalSeconds:0.###} s (Dashboard:SendTimeoutSecs)");
            }
        }
    }

    // Clients have nothing to say; reading is what notices their close.
    private static async Task DiscardIncomingAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        while (socket.State == WebSocketState.Open)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                return;
            }
        }
    }
}
