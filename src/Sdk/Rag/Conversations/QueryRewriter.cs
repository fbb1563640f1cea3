// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Rag;

/// <summary>
/// Rewrites a follow-up question into a standalone search query: by the chat model when there is one, otherwise by a rule
/// (a short or pronoun-bearing follow-up gets the previous query's key terms prepended).
/// </summary>
internal static class QueryRewriter
{
    private const string Instructions =
        """
        You rewrite a follow-up question from a conversation into one standalone question that can be understood without the conversation.
        Replace pronouns and vague references with what they refer to. Do not answer the question. Do not add facts.
        Reply with the standalone question only, on one line.
        """;

    /// <summary>The most tokens the rewritten question may take.</summary>
    private const int MaxRewriteTokens = 96;

    /// <summary>The most earlier turns the model sees.</summary>
    private const int MaxTurns = 3;

    /// <summary>
    /// Rewrites with the chat model, falling back to the rule when its reply is unusable, or when not even the last turn
    /// and the question fit the model's context window (fewer turns are sent when all of them do not).
    /// </summary>
    public static async Task<(string Query, UsageDetails? Usage)> RewriteAsync(
        IChatClient chatClient, string question, IReadOnlyList<ConversationTurn> history, PromptBudget budget, CancellationToken cancellationToken)
    {
        if (history.Count == 0)
        {
            return (question, null);
        }

        int fixedTokens = budget.Count(Instructions) + (2 * PromptBudget.MessageOverhead) + MaxRewriteTokens;
        for (int turns = Math.Min(MaxTurns, history.Count); turns > 0; turns--)
        {
            string transcript = Transcript(question, history, turns);
            if (fixedTokens + budget.Count(transcript) > budget.ContextWindow)
            {
                continue;
            }

            ChatResponse response = await chatClient.GetResponseAsync(
                [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, transcript)],
                new ChatOptions { MaxOutputTokens = MaxRewriteTokens, Temperature = 0 },
                cancellationToken);

            string rewritten = FirstLine(response.Text);
            bool usable = rewritten.Length >= 3 && rewritten.Length <= Math.Max(300, question.Length * 4);
            return (usable ? rewritten : RewriteByRule(question, history), response.Usage);
        }

        return (RewriteByRule(question, history), null);
    }

    /// <summary>
    /// Rewrites without a model: when the follow-up refers back (a pronoun or deictic word) or has at most three content words,
    /// the previous query's content terms that the follow-up lacks are prepended.
    /// </summary>
    public static string RewriteByRule(string question, IReadOnlyList<ConversationTurn> history)
    {
        if (history.Count == 0)
        {
            return question;
        }

        List<string> words = TextAnalysis.Words(question);
        List<string> terms = TextAnalysis.ContentTerms(question);
        bool refersBack = words.Exists(TextAnalysis.IsReferring) || terms.Count <= 3;
        if (!refersBack)
        {
            return question;
        }

        ConversationTurn previous = history[^1];
        var own = new HashSet<string>(terms, StringComparer.Ordinal);
        string[] carried = [.. TextAnalysis.ContentTerms(previous.Query).Where(t => !own.Contains(t)).Take(8)];
        return carried.Length == 0 ? question : string.Concat(string.Join(' ', carried), " ", question);
    }

    // The last `turns` turns of the conversation and the follow-up question.
    private static string Transcript(string question, IReadOnlyList<ConversationTurn> history, int turns)
    {
        var transcript = new StringBuilder("<conversation>\n");
        foreach (ConversationTurn turn in history.Skip(history.Count - turns))
        {
            transcript.Append("User: ").AppendLine(PromptSanitizer.Sanitize(turn.Question));
            transcript.Append("Assistant: ").AppendLine(PromptSanitizer.Sanitize(TextAnalysis.Truncate(turn.AnswerText, 600)));
        }

        return transcript.Append("</conversation>\nFollow-up question: ").AppendLine(PromptSanitizer.Sanitize(question)).Append("Standalone question:").ToString();
    }

    private static string FirstLine(string text)
    {
        foreach (string line in text.Split('\n'))
        {
            string trimmed = line.Trim().Trim('"', '\'', '“', '”').Trim();
            if (trimmed.StartsWith("Standalone question:", StringComparison.OrdinalIgnoreCase))
            {
                trimmed = trimmed["Standalone question:".Length..].Trim();
            }

            if (trimmed.Length > 0)
            {
                return trimmed;
            }
        }

        return string.Empty;
    }
}
