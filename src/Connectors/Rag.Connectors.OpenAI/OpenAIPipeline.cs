// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Threading.Tasks;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace Rag.Connectors.OpenAI;

/// <summary>Builds the OpenAI SDK's transport settings (address, timeout, retries, authentication) from validated options.</summary>
internal static class OpenAIPipeline
{
    // OPENAI001: the constructors taking an AuthenticationPolicy are marked for evaluation, but they are the only way to
    // send no Authorization header at all to a server without a key (the ApiKeyCredential ones insist on a key).
    // The package version is pinned centrally, so a change surfaces at an upgrade, not at run time.
#pragma warning disable OPENAI001
    public static ChatClient CreateChatClient(OpenAIEndpointOptions options) =>
        new(options.ModelId!, CreateAuthentication(options), CreateClientOptions(options));

    public static EmbeddingClient CreateEmbeddingClient(OpenAIEndpointOptions options) =>
        new(options.ModelId!, CreateAuthentication(options), CreateClientOptions(options));
#pragma warning restore OPENAI001

    private static OpenAIClientOptions CreateClientOptions(OpenAIEndpointOptions options) => new()
    {
        Endpoint = options.Endpoint,
        NetworkTimeout = options.Timeout,
        RetryPolicy = new ClientRetryPolicy(options.MaxRetries),
    };

    private static AuthenticationPolicy CreateAuthentication(OpenAIEndpointOptions options) =>
        options.ApiKey is { } key
            ? ApiKeyAuthenticationPolicy.CreateBearerAuthorizationPolicy(new ApiKeyCredential(key))
            : NoAuthenticationPolicy.Instance;

    /// <summary>Sends requests as they are: the SDK insists on a credential, and a placeholder key would be a surprise in server logs.</summary>
    private sealed class NoAuthenticationPolicy : AuthenticationPolicy
    {
        public static readonly NoAuthenticationPolicy Instance = new();

        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
            ProcessNext(message, pipeline, currentIndex);

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
            ProcessNextAsync(message, pipeline, currentIndex);
    }
}
