// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Rag.TestUtilities;

namespace Rag.WebApi.Tests.OpenAICompatible;

/// <summary>
/// The WebApi as a model server on a real Kestrel loopback port, serving its REAL local models at /v1: the tiny LLaMA
/// (stories260K, through LLamaSharp) and the built-in ONNX embedding model. Its chat client is wrapped in a
/// <see cref="ObservedChatClient"/> so tests can see what the server-side generation did.
/// </summary>
public sealed class ModelServerFactory : KnowledgeServiceFactory
{
    /// <summary>The key the server requires (as X-Api-Key or Authorization: Bearer).</summary>
    public const string Key = "model-server-key-42";

    /// <summary>The context size of the served chat model; clients are configured with the same window.</summary>
    public const int ContextSize = 2048;

    private readonly Lock _startLock = new();
    private Uri? _baseAddress;

    public override string? ApiKey => Key;

    /// <summary>Gets the observer around the served chat model (set once started).</summary>
    public ObservedChatClient Observed { get; private set; } = null!;

    /// <summary>Starts the server once (skipping, or failing in CI, when the tiny model is missing) and returns its /v1 address.</summary>
    public Uri Start()
    {
        TestEnvironment.RequireResource(TestEnvironment.TinyLlamaModelPath);
        lock (_startLock)
        {
            if (_baseAddress is null)
            {
                UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
                StartServer();
                string url = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
                Observed = (ObservedChatClient)Services.GetRequiredService<IChatClient>();
                _baseAddress = new Uri(url + "/v1/");
            }

            return _baseAddress;
        }
    }

    /// <summary>The id the served chat model is listed under: the GGUF file name without extension.</summary>
    public static string ChatModelId => Path.GetFileNameWithoutExtension(TestEnvironment.TinyLlamaModelPath);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Knowledge:ServeModels", "true");
        builder.UseSetting("Knowledge:EmbeddingModel", "arctic-xs"); // embeds queries differently from passages, so the purpose is observable
        builder.UseSetting("Knowledge:ModelPath", TestEnvironment.TinyLlamaModelPath);
        builder.UseSetting("Knowledge:LlamaSharp:ContextSize", ContextSize.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Knowledge:LlamaSharp:Threads", "1");
        builder.ConfigureTestServices(services =>
        {
            ServiceDescriptor local = services.Last(d => d.ServiceType == typeof(IChatClient) && !d.IsKeyedService);
            services.Remove(local);
            services.AddSingleton<IChatClient>(sp => new ObservedChatClient((IChatClient)local.ImplementationFactory!(sp)));
        });
    }
}
