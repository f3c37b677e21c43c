namespace Emitter.Tests.Containers;

/// <summary>A server container started for one test class, its port published on 127.0.0.1, removed at the end.</summary>
public sealed class ServerContainer : IAsyncDisposable
{
    private readonly ContainerRuntime _runtime;
    private readonly string _id;

    private ServerContainer(ContainerRuntime runtime, string id, Uri url)
    {
        _runtime = runtime;
        _id = id;
        Url = url;
    }

    public Uri Url { get; }

    /// <param name="settings">Environment variables, as NAME=value.</param>
    public static async Task<ServerContainer> StartAsync(ContainerRuntime runtime, string image, int port, params string[] settings)
    {
        string[] args = ["run", "-d", "--rm", "-p", $"127.0.0.1::{port}", .. settings.SelectMany(s => new[] { "-e", s }), image];
        var id = await runtime.RunAsync(TimeSpan.FromMinutes(10), args); // a first pull can take a while
        var published = await runtime.RunAsync(TimeSpan.FromSeconds(30), "port", id, $"{port}/tcp");
        var hostPort = published.Split('\n')[0].Trim().Split(':')[^1];
        return new ServerContainer(runtime, id, new Uri($"http://127.0.0.1:{hostPort}"));
    }

    /// <summary>Polls until <paramref name="ready"/> holds, or gives up with the container's last log lines.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> ready, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await ready()) return;
            }
            catch (Exception e) when (e is HttpRequestException or Grpc.Core.RpcException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(500);
        }
        var logs = await _runtime.RunAsync(TimeSpan.FromSeconds(30), "logs", "--tail", "20", _id);
        throw new TimeoutException($"the container did not become ready within {timeout.TotalSeconds:0} s:\n{logs}");
    }

    public async ValueTask DisposeAsync() => await _runtime.RunAsync(TimeSpan.FromMinutes(1), "rm", "-f", _id);
}
