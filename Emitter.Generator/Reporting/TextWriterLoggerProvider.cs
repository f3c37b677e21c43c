using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator.Reporting;

/// <summary>
/// The generator's own log lines ("19:21:07 info: Embedding pool: ...") on the writer it was given:
/// stderr in the program, a StringWriter in tests. The console logger cannot target a writer, and
/// stdout must carry entries only. Thin on purpose: one line per message, exceptions by message.
/// </summary>
public sealed class TextWriterLoggerProvider(TextWriter writer, TimeProvider time) : ILoggerProvider
{
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new WriterLogger(this);

    public void Dispose()
    {
    }

    private void Write(Microsoft.Extensions.Logging.LogLevel level, string message, Exception? exception)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{time.GetLocalNow():HH:mm:ss} {Label(level)}: {message}");
        if (exception is not null) line += $" ({exception.GetType().Name}: {exception.Message})";
        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static string Label(Microsoft.Extensions.Logging.LogLevel level) => level switch
    {
        Microsoft.Extensions.Logging.LogLevel.Trace => "trce",
        Microsoft.Extensions.Logging.LogLevel.Debug => "dbug",
        Microsoft.Extensions.Logging.LogLevel.Information => "info",
        Microsoft.Extensions.Logging.LogLevel.Warning => "warn",
        Microsoft.Extensions.Logging.LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class WriterLogger(TextWriterLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => logLevel != Microsoft.Extensions.Logging.LogLevel.None;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) provider.Write(logLevel, formatter(state, exception), exception);
        }
    }
}
