// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Tests.Conversations;

public sealed class QueryRewriterTests
{
    private static readonly ConversationTurn[] s_history = [new("What is the refund window for hardware?", "What is the refund window for hardware?", "30 days [1].")];

    [Fact]
    public void RewriteByRule_PronounFollowUp_PrependsPreviousKeyTerms()
    {
        string query = QueryRewriter.RewriteByRule("Does it apply to software too?", s_history);

        Assert.Equal("refund window hardware Does it apply to software too?", query);
    }

    [Fact]
    public void RewriteByRule_SelfContainedQuestion_IsUnchanged()
    {
        const string Question = "Which operating systems does the monitoring agent support?";

        Assert.Equal(Question, QueryRewriter.RewriteByRule(Question, s_history));
    }

    [Fact]
    public void RewriteByRule_NoHistory_IsUnchanged() =>
        Assert.Equal("And software?", QueryRewriter.RewriteByRule("And software?", []));

    [Fact]
    public void Conversation_BeyondMaxTurns_DropsOldest()
    {
        var conversation = new Conversation(maxTurns: 2);
        conversation.Add(new ConversationTurn("q1", "q1", "a1"));
        conversation.Add(new ConversationTurn("q2", "q2", "a2"));
        conversation.Add(new ConversationTurn("q3", "q3", "a3"));

        Assert.Equal(["q2", "q3"], conversation.Turns.Select(t => t.Question));
    }
}
