namespace Emitter.AppHost.ContainerRuntime;

/// <summary>Emitter:ContainerRuntime — auto (probe), on (use containers), off (never).</summary>
public enum ContainerRuntimeMode
{
    Auto,
    On,
    Off,
}
