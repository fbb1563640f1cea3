// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag;

/// <summary>
/// The exception thrown when a question takes so many of the chat model's tokens that the answering rules and a source
/// no longer fit its context window. It is raised before the model is called, so nothing is generated.
/// </summary>
/// <remarks>A service answers it as the client's error (HTTP 400) with the counts: the question has to be shortened.</remarks>
public sealed class QuestionTooLongException : ArgumentException
{
    /// <summary>Initializes a new instance of the <see cref="QuestionTooLongException"/> class.</summary>
    public QuestionTooLongException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QuestionTooLongException"/> class.</summary>
    /// <param name="message">The message.</param>
    public QuestionTooLongException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QuestionTooLongException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public QuestionTooLongException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QuestionTooLongException"/> class.</summary>
    /// <param name="questionTokens">The question's tokens.</param>
    /// <param name="maxQuestionTokens">The most tokens a question may take with this model.</param>
    /// <param name="contextWindowTokens">The chat model's context window in tokens.</param>
    public QuestionTooLongException(int questionTokens, int maxQuestionTokens, int contextWindowTokens)
        : base(
            $"The question takes {questionTokens} tokens; with the chat model's context window of {contextWindowTokens} tokens, which also holds the answering rules, the sources and the answer, it may take at most {maxQuestionTokens}. Shorten the question.",
            "question")
    {
        QuestionTokens = questionTokens;
        MaxQuestionTokens = maxQuestionTokens;
        ContextWindowTokens = contextWindowTokens;
    }

    /// <summary>Gets the question's tokens (counted by the model's tokenizer, or estimated without one).</summary>
    public int QuestionTokens { get; }

    /// <summary>Gets the most tokens a question may take with this model.</summary>
    public int MaxQuestionTokens { get; }

    /// <summary>Gets the chat model's context window in tokens.</summary>
    public int ContextWindowTokens { get; }
}
