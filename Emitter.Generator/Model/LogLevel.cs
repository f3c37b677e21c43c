namespace Emitter.Generator.Model;

/// <summary>The four levels Emitter writes. Every sink spells them the same way: see <see cref="LogLevels"/>.</summary>
public enum LogLevel
{
    Debug = 0,
    Info = 1,
    Warn = 2,
    Error = 3,
}
