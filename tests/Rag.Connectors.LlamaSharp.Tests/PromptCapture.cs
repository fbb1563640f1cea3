// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Rag.Connectors.LlamaSharp.Tests;

/// <summary>
/// A logger factory that records the prompts the client logs at Trace (after the chat template), so tests can check
/// what the model was actually given. Every other category and level is dropped.
/// </summary>
internal sealed class PromptCapture : ILoggerFactory
{
    private const string Prefix = "Prompt after the chat template: ";
    private readonly ConcurrentQueue<string> _prompts = new();

    public IReadOnlyList<string> Prompts => [.. _prompts];

    public string LastPrompt => _prompts.LastOrDefault() ?? throw new InvalidOperationException("No prompt was logged.");

    public ILogger CreateLogger(string categoryName) =>
        categoryName.EndsWith(".LlamaModelHost", StringComparison.Ordinal) ? new Logger(_prompts) : NullLoggerInstance;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private static ILogger NullLoggerInstance => Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    private sealed class Logger(ConcurrentQueue<string> prompts) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel == LogLevel.Trace;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string message = formatter(state, exception);
            if (logLevel == LogLevel.Trace && message.StartsWith(Prefix, StringComparison.Ordinal))
            {
                prompts.Enqueue(message[Prefix.Length..]);
            }
        }
    }
}
