// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>The kind of an <see cref="AnswerUpdate"/>.</summary>
public enum AnswerUpdateKind
{
    /// <summary>Retrieval finished; <see cref="AnswerUpdate.Sources"/> holds the sources the answer is grounded on. Always first.</summary>
    SourcesRetrieved = 0,

    /// <summary>A piece of answer text in <see cref="AnswerUpdate.Text"/>, as the model wrote it (markers not yet verified).</summary>
    TextDelta = 1,

    /// <summary>The answer is complete; <see cref="AnswerUpdate.Answer"/> holds the verified text, citations and usage. Always last.</summary>
    Completed = 2,
}
