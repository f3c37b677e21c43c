using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Emitter.Tests.Embedding;

/// <summary>Keeps the formatted lines so tests can read what a person would see.</summary>
internal sealed class CapturingLogger : ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, string Line)> _entries = new();

    public IReadOnlyList<string> Lines => [.. _entries.Select(e => e.Line)];

    public IReadOnlyList<string> Warnings => [.. _entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Line)];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => _entries.Enqueue((logLevel, formatter(state, exception)));
}

/// <summary>Hands the one <see cref="CapturingLogger"/> to every category, for code that takes a logger factory (sinks).</summary>
internal sealed class CapturingLoggerFactory(CapturingLogger logger) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => logger;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
