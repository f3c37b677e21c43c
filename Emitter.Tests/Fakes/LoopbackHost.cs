using Microsoft.AspNetCore.Builder;

namespace Emitter.Tests.Fakes;

/// <summary>
/// A fake server's app that can stop and start again on the same port while the fake keeps its
/// state: a server restarted with its data on disk. Connections are closed by the stop, and a
/// client that calls while it is down is refused, as by a restarting server.
/// </summary>
public sealed class LoopbackHost(Func<int, WebApplication> build) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private WebApplication? _app;
    private int _port;

    public Uri Address { get; private set; } = null!;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_app is not null) return;
            var app = build(_port);
            await app.StartAsync(cancellationToken);
            Address = LoopbackApp.Address(app);
            _port = Address.Port;
            _app = app;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task StopAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_app is null) return;
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
