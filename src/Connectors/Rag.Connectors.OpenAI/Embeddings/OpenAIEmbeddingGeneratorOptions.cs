// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag.Connectors.OpenAI;

/// <summary>Options of the embedding generator for an OpenAI-compatible server (<c>POST {Endpoint}/embeddings</c>).</summary>
/// <remarks>
/// <para>Validated once, when the generator is created (<see cref="Validate"/>).</para>
/// <para>
/// The knowledge store records <see cref="OpenAIEndpointOptions.ModelId"/> and the vector length as the index's model
/// identity, so use the server's real model id: nodes that embed locally with the same model then share one index
/// (a Rag WebApi node serves its ONNX model under the id it records itself, for example <c>snowflake-arctic-embed-xs-int8</c>).
/// </para>
/// </remarks>
public sealed class OpenAIEmbeddingGeneratorOptions : OpenAIEndpointOptions
{
    /// <summary>Gets or sets the vector length asked of the server (the request's <c>dimensions</c> field) and reported as the model's.</summary>
    /// <value>
    /// The default is <see langword="null"/>: the field is not sent and Rag learns the length from the first embedding.
    /// Set it only for models that can shorten their vectors (OpenAI <c>text-embedding-3-*</c>) or to the model's own length.
    /// </value>
    public int? Dimensions { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the embedding purpose (<see cref="EmbeddingPurpose"/>, set by Rag with
    /// <c>WithPurpose</c>) is sent as the non-standard field <c>"input_type": "query"</c> or <c>"document"</c>.
    /// </summary>
    /// <value>
    /// The default is <see langword="false"/>, because OpenAI itself rejects unknown fields. Set it for a Rag WebApi
    /// node (or any server that reads <c>input_type</c>): models such as snowflake-arctic-embed embed queries with a prefix,
    /// and without the field a query is embedded as a passage, which lowers retrieval quality.
    /// </value>
    public bool SendInputType { get; set; }

    /// <summary>Gets or sets the most tokens the remote model reads per input; the estimated <see cref="ITokenCounter"/> reports it and chunks are sized below it.</summary>
    /// <value>The default is 512 (BERT-family models). OpenAI <c>text-embedding-3-*</c> read 8191.</value>
    public int MaxInputTokens { get; set; } = 512;

    /// <summary>Gets or sets the characters per token assumed by the estimated <see cref="ITokenCounter"/>; smaller is safer.</summary>
    /// <value>The default is 4, which suits English with WordPiece and BPE tokenizers.</value>
    /// <remarks>
    /// The count is an estimate, so chunk boundaries differ slightly from those of a node that embeds locally with the
    /// model's own tokenizer. Ingest a shared index from one kind of node.
    /// </remarks>
    public double EstimatedCharactersPerToken { get; set; } = 4;

    /// <summary>Gets or sets the relevance floors of the remote model, exposed through <c>GetService</c> so retrieval can answer "not found".</summary>
    /// <value>
    /// The default is <see langword="null"/>: Rag's generic floors. For a Rag WebApi node serving the built-in
    /// snowflake-arctic-embed-xs model use <c>new RelevanceCalibration(0.45, 0.62)</c>; for all-MiniLM-L6-v2
    /// <c>new RelevanceCalibration(0.25, 0.40)</c>.
    /// </value>
    public RelevanceCalibration? RelevanceCalibration { get; set; }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (Dimensions is < 1)
        {
            throw new ArgumentException($"OpenAIEmbeddingGeneratorOptions.Dimensions must be positive when set (was {Dimensions}).", nameof(Dimensions));
        }

        if (MaxInputTokens < 16)
        {
            throw new ArgumentException($"OpenAIEmbeddingGeneratorOptions.MaxInputTokens must be at least 16 (was {MaxInputTokens}).", nameof(MaxInputTokens));
        }

        if (double.IsNaN(EstimatedCharactersPerToken) || EstimatedCharactersPerToken is < 0.5 or > 10)
        {
            throw new ArgumentException($"OpenAIEmbeddingGeneratorOptions.EstimatedCharactersPerToken must be in [0.5, 10] (was {EstimatedCharactersPerToken}).", nameof(EstimatedCharactersPerToken));
        }

        if (RelevanceCalibration is { } floors && (floors.WithKeywordMatch is < -1 or > 1 || floors.WithoutKeywordMatch is < -1 or > 1))
        {
            throw new ArgumentException($"OpenAIEmbeddingGeneratorOptions.RelevanceCalibration floors must be cosine similarities in [-1, 1] (was {floors}).", nameof(RelevanceCalibration));
        }
    }

    internal OpenAIEmbeddingGeneratorOptions Clone() => (OpenAIEmbeddingGeneratorOptions)MemberwiseClone();
}
