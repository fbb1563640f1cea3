// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Rag.WebApi.Tests;

/// <summary>Records what the service logs (at the levels its configuration lets through), to assert on warnings and on stack traces.</summary>
public sealed class LogCapture : ILoggerProvider
{
    /// <summary>Gets the entries in the order they were logged.</summary>
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
    }
}

/// <summary>One log entry: its category, level, message and exception (whose stack trace a sink would print).</summary>
public sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);
