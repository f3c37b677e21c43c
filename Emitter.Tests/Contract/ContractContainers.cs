using System.Collections.Concurrent;
using Emitter.Tests.Containers;

[assembly: AssemblyFixture(typeof(Emitter.Tests.Contract.ContractContainers))]

namespace Emitter.Tests.Contract;

/// <summary>
/// The real servers the contract runs against where a container runtime answers: each started
/// once for the whole run by the first case that needs it, removed at the end.
/// </summary>
public sealed class ContractContainers : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ServerContainer>>> _started = new();

    /// <summary>The container of <paramref name="image"/>, started and ready (<paramref name="ready"/>) once.</summary>
    public Task<ServerContainer> StartAsync(ContainerRuntime runtime, string image, int port, string[] settings, Func<ServerContainer, Task> ready) =>
        _started.GetOrAdd(image, _ => new Lazy<Task<ServerContainer>>(async () =>
        {
            var container = await ServerContainer.StartAsync(runtime, image, port, settings);
            await ready(container);
            return container;
        })).Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var started in _started.Values.Where(l => l.IsValueCreated))
        {
            try
            {
                await (await started.Value).DisposeAsync();
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                // a container that never started has nothing to remove
            }
        }
    }
}
