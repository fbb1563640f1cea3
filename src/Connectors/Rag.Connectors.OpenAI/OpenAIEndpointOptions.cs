// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag.Connectors.OpenAI;

/// <summary>Where an OpenAI-compatible model server is and how to reach it: the options that chat and embeddings share.</summary>
/// <remarks>
/// The properties are settable so the options bind from configuration (for example
/// <c>configuration.GetSection("Chat").Bind(options)</c>); they are copied and validated once, when the client is created.
/// </remarks>
public abstract class OpenAIEndpointOptions
{
    /// <summary>Gets or sets the server's base address, including the API version segment. Required.</summary>
    /// <value>
    /// The default is <see langword="null"/>, which fails validation. Examples: <c>http://gpu-box:5080/v1</c> (a Rag WebApi
    /// node serving its local models), <c>https://api.openai.com/v1</c>. Requests go to <c>{Endpoint}/chat/completions</c>
    /// and <c>{Endpoint}/embeddings</c>.
    /// </value>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets the model the server is asked for (the request's <c>model</c> field). Required.</summary>
    /// <value>The default is <see langword="null"/>, which fails validation. A Rag WebApi node lists its models at <c>GET {Endpoint}/models</c>.</value>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets the API key, sent as <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    /// <value>The default is <see langword="null"/>: no <c>Authorization</c> header is sent (a server without a key).</value>
    /// <remarks>Keep the key out of source control: bind it from configuration or a secret store.</remarks>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets how long one attempt may wait for the server's response (and, when streaming, for each read of it).</summary>
    /// <value>The default is 100 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Gets or sets how many times a request that failed with a transient error (408, 429, 5xx, a network failure) is retried, with exponential back-off.</summary>
    /// <value>The default is 2. A streamed response is never retried once it has started.</value>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is missing or out of range; the message names it.</exception>
    public virtual void Validate()
    {
        string name = GetType().Name;
        if (Endpoint is null)
        {
            throw new ArgumentException($"{name}.Endpoint is required: the server's base address, for example http://gpu-box:5080/v1.", nameof(Endpoint));
        }

        if (!Endpoint.IsAbsoluteUri || Endpoint.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"{name}.Endpoint must be an absolute http or https address (was '{Endpoint.OriginalString}').", nameof(Endpoint));
        }

        if (!string.IsNullOrEmpty(Endpoint.Query) || !string.IsNullOrEmpty(Endpoint.Fragment))
        {
            throw new ArgumentException($"{name}.Endpoint must not carry a query or fragment (was '{Endpoint.OriginalString}').", nameof(Endpoint));
        }

        if (string.IsNullOrWhiteSpace(ModelId))
        {
            throw new ArgumentException($"{name}.ModelId is required: the model the server is asked for (GET {Endpoint.AbsoluteUri.TrimEnd('/')}/models lists them).", nameof(ModelId));
        }

        if (ApiKey is { } key && string.IsNullOrWhiteSpace(key))
        {
            throw new ArgumentException($"{name}.ApiKey is blank: set a key or leave it null for a server without one.", nameof(ApiKey));
        }

        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"{name}.Timeout must be positive (was {Timeout}).", nameof(Timeout));
        }

        if (MaxRetries is < 0 or > 10)
        {
            throw new ArgumentException($"{name}.MaxRetries must be between 0 and 10 (was {MaxRetries}).", nameof(MaxRetries));
        }
    }
}
