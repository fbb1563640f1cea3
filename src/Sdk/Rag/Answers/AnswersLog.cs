// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;

namespace Rag;

/// <summary>Answer log messages. Questions, prompts and answers are logged only at Trace (they may be sensitive).</summary>
internal static partial class AnswersLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Nothing in the documents passed the relevance floor; answering not found.")]
    public static partial void NotFound(ILogger logger);

    [LoggerMessage(EventId = 5109, Level = LogLevel.Information, Message = "The question's terms are missing from the documents, or its rare terms from the passages found; answering not found.")]
    public static partial void TermsMissing(ILogger logger);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "Prompt of {PromptTokens} tokens with {Included} of {Retrieved} sources (window {Window}, answer limit {MaxOutputTokens}).")]
    public static partial void PromptBuilt(ILogger logger, int promptTokens, int included, int retrieved, int window, int maxOutputTokens);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "The answer cited {Count} source numbers that do not exist; the markers were removed.")]
    public static partial void InvalidCitations(ILogger logger, int count);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "The answer has no valid citation; it may not be grounded in the documents.")]
    public static partial void Uncited(ILogger logger);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Debug, Message = "Answered {Mode} with {Citations} citations.")]
    public static partial void Answered(ILogger logger, string mode, int citations);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Trace, Message = "Follow-up question rewritten (sensitive): '{Question}' -> '{Query}'.")]
    public static partial void Rewritten(ILogger logger, string question, string query);

    [LoggerMessage(EventId = 5107, Level = LogLevel.Trace, Message = "Prompt (sensitive): {Prompt}")]
    public static partial void Prompt(ILogger logger, string prompt);

    [LoggerMessage(EventId = 5108, Level = LogLevel.Trace, Message = "Answer (sensitive): {Answer}")]
    public static partial void AnswerText(ILogger logger, string answer);
}
