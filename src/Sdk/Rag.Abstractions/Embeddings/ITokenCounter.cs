// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>Counts tokens in a model's own tokenizer, so text can be sized to the model's limits before it is sent.</summary>
/// <remarks>
/// Embedding generators and chat clients expose this through <c>GetService(typeof(ITokenCounter))</c>.
/// Implementations are thread-safe.
/// </remarks>
public interface ITokenCounter
{
    /// <summary>Gets the most tokens the model accepts in one input (context window for chat models).</summary>
    int MaxTokens { get; }

    /// <summary>Counts the tokens of <paramref name="text"/> as the model would see it, without special tokens.</summary>
    /// <param name="text">The text to count.</param>
    /// <returns>The number of tokens.</returns>
    int CountTokens(string text);
}
