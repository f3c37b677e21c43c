using System.Net.WebSockets;

namespace Emitter.Dashboard.Streaming;

/// <summary>
/// GET /ws (the original's endpoint): first one backlog frame (what the dashboard kept and its
/// totals), then one flush frame per batch the dashboard receives from the moment the client
/// connects. Each client has its own queue and its own sender.
/// </summary>
public static class WebSocketEndpoint
{
    public const string Path = "/ws";

    public static async Task HandleAsync(HttpContext http, ClientHub hub, OriginCheck origins, IHostApplicationLifetime lifetime)
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

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var (id, queue, backlog) = hub.Connect();
        var sending = SendAsync(socket, backlog, queue, gone.Token);
        try
        {
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
        }
    }

    private static async Task SendAsync(WebSocket socket, ReadOnlyMemory<byte> backlog, ClientQueue queue, CancellationToken cancellationToken)
    {
        try
        {
            // Flushes published meanwhile wait in the queue (dropping as usual if it fills).
            await socket.SendAsync(backlog, WebSocketMessageType.Text, true, cancellationToken);
            while (await queue.Reader.WaitToReadAsync(cancellationToken))
            {
                while (queue.Reader.TryRead(out var frame))
                {
                    var (entries, flushes) = queue.TakeMissed();
                    if (flushes > 0)
                        await socket.SendAsync(MissedFrame.Create(entries, flushes, queue.TotalMissedEntries), WebSocketMessageType.Text, true, cancellationToken);
                    await socket.SendAsync(frame.Json, WebSocketMessageType.Text, true, cancellationToken);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
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
