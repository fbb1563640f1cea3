// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.LlamaSharp.Tests;

/// <summary>One decoded output.</summary>
/// <param name="Text">The decoded text.</param>
/// <param name="Tokens">How many tokens were sampled.</param>
/// <param name="Completed">Whether the model ended on its own (grammar complete) rather than at the token cap.</param>
public sealed record Generation(string Text, int Tokens, bool Completed);
