// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag;

/// <summary>Options of grounded answers: context sizing, the not-found reply and extractive answers.</summary>
/// <remarks>Options are read on every question; do not change them while questions run.</remarks>
public sealed class AnswerOptions
{
    /// <summary>The default reply when the documents do not contain the answer.</summary>
    public const string DefaultNotFoundMessage = "The documents do not contain an answer to this question.";

    /// <summary>
    /// Gets or sets the chat model's context window in tokens, used only when the chat client does not expose an
    /// <see cref="ITokenCounter"/> through <c>GetService</c> (which gives the exact window and token counts).
    /// </summary>
    /// <value>Defaults to 4096.</value>
    public int ContextWindowTokens { get; set; } = 4096;

    /// <summary>Gets or sets the tokens reserved for the answer; at most a quarter of the context window is reserved.</summary>
    /// <value>Defaults to 512.</value>
    public int MaxAnswerTokens { get; set; } = 512;

    /// <summary>
    /// Gets or sets the characters per token assumed when no <see cref="ITokenCounter"/> is available; smaller is safer.
    /// </summary>
    /// <value>Defaults to 3.</value>
    public double EstimatedCharactersPerToken { get; set; } = 3;

    /// <summary>Gets or sets the reply given when the documents do not contain the answer; the model is told to use it verbatim.</summary>
    /// <value>Defaults to <see cref="DefaultNotFoundMessage"/>.</value>
    public string NotFoundMessage { get; set; } = DefaultNotFoundMessage;

    /// <summary>Gets or sets the most earlier conversation turns sent to the chat model with a question.</summary>
    /// <value>Defaults to 3.</value>
    public int MaxHistoryTurns { get; set; } = 3;

    /// <summary>Gets or sets a value indicating whether follow-up questions are rewritten into standalone queries before retrieval.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool RewriteFollowUpQuestions { get; set; } = true;

    /// <summary>Gets or sets the most sentences in an extractive answer.</summary>
    /// <value>Defaults to 3.</value>
    public int ExtractiveMaxSentences { get; set; } = 3;

    /// <summary>Gets or sets how many of the top passages extractive answers pick sentences from.</summary>
    /// <value>Defaults to 3.</value>
    public int ExtractivePassages { get; set; } = 3;

    /// <summary>
    /// Gets or sets a value indicating whether a question is answered "not found" when the passages cannot hold its answer,
    /// even though they passed the relevance floor: when the content terms of the question that none of the top passages
    /// holds weigh 1.2 or more (a term in at most three chunks of the index, or in none, weighs 1; one in fewer than twenty
    /// 0.75; a common word 0.5). One missing term alone never abstains; an acronym the passages spell out is not missing.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    /// <remarks>Each term the top passages lack costs one keyword-only store search.</remarks>
    public bool AbstainWhenTermsAreMissing { get; set; } = true;

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException"><see cref="NotFoundMessage"/> is empty.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ContextWindowTokens, 256, nameof(ContextWindowTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAnswerTokens, 16, nameof(MaxAnswerTokens));
        if (EstimatedCharactersPerToken is < 1 or > 10 || double.IsNaN(EstimatedCharactersPerToken))
        {
            throw new ArgumentOutOfRangeException(nameof(EstimatedCharactersPerToken), EstimatedCharactersPerToken, "Must be in [1, 10].");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(NotFoundMessage, nameof(NotFoundMessage));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxHistoryTurns, nameof(MaxHistoryTurns));
        ArgumentOutOfRangeException.ThrowIfLessThan(ExtractiveMaxSentences, 1, nameof(ExtractiveMaxSentences));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ExtractiveMaxSentences, 10, nameof(ExtractiveMaxSentences));
        ArgumentOutOfRangeException.ThrowIfLessThan(ExtractivePassages, 1, nameof(ExtractivePassages));
    }
}
