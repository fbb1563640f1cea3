// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.TestUtilities;

/// <summary>One document of a BEIR corpus.</summary>
/// <param name="Id">The document id.</param>
/// <param name="Title">The title (may be empty).</param>
/// <param name="Text">The body text.</param>
public sealed record BeirDocument(string Id, string Title, string Text);
