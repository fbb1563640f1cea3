// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.IO;

namespace Rag.Connectors.LlamaSharp;

/// <summary>The exception thrown when a model file is not a GGUF file llama.cpp can load: not GGUF, truncated, or an unsupported architecture.</summary>
/// <remarks>It is raised by managed validation before any native code sees the file, so a bad file never aborts the process.</remarks>
public sealed class InvalidModelFileException : IOException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidModelFileException"/> class.</summary>
    public InvalidModelFileException()
    {
        ModelPath = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidModelFileException"/> class.</summary>
    /// <param name="message">The message.</param>
    public InvalidModelFileException(string message)
        : base(message)
    {
        ModelPath = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidModelFileException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidModelFileException(string message, Exception? innerException)
        : base(message, innerException)
    {
        ModelPath = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidModelFileException"/> class.</summary>
    /// <param name="modelPath">The model file.</param>
    /// <param name="reason">Why the file was rejected.</param>
    /// <param name="innerException">The cause, if any.</param>
    public InvalidModelFileException(string modelPath, string reason, Exception? innerException)
        : base($"The model file '{modelPath}' cannot be loaded: {reason}", innerException)
    {
        ModelPath = modelPath;
    }

    /// <summary>Gets the path of the rejected model file.</summary>
    public string ModelPath { get; }
}
