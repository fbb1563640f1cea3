// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Linq;

namespace Rag;

/// <summary>Options of the Rag SDK's retrieval and answers, configured through <c>services.AddRag(options => …)</c>.</summary>
/// <remarks>Validated once, when the <see cref="KnowledgeBase"/> is created; do not change them afterwards.</remarks>
public sealed class RagOptions
{
    /// <summary>Gets or sets the retrieval options.</summary>
    /// <value>Defaults to a new <see cref="RetrievalOptions"/>.</value>
    public RetrievalOptions Retrieval { get; set; } = new();

    /// <summary>Gets or sets the answer options.</summary>
    /// <value>Defaults to a new <see cref="AnswerOptions"/>.</value>
    public AnswerOptions Answers { get; set; } = new();

    /// <summary>Gets or sets the name under which <see cref="DocumentQaPlugin"/> is registered as a Semantic Kernel plugin.</summary>
    /// <value>Defaults to <c>documents</c>.</value>
    public string PluginName { get; set; } = "documents";

    /// <summary>Throws when an option is missing or out of range.</summary>
    /// <exception cref="ArgumentNullException">A nested options object is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException"><see cref="PluginName"/> is not a valid plugin name.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Retrieval, nameof(Retrieval));
        ArgumentNullException.ThrowIfNull(Answers, nameof(Answers));
        Retrieval.Validate();
        Answers.Validate();
        if (string.IsNullOrEmpty(PluginName) || !PluginName.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException("The plugin name must be ASCII letters, digits or underscores.", nameof(PluginName));
        }
    }
}
