// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.WebApi.Tests.ChatPage;

namespace Rag.WebApi.Tests.OpenAICompatible;

/// <summary>
/// The official <c>openai</c> npm client (browser/openai-client.mjs, on Node) against the model server on a loopback
/// port: models, a completion, a stream and embeddings succeed; a wrong key, an unknown model, a bad role, a prompt over
/// the context window and too many embedding inputs each surface as the client's own error class with status and code.
/// </summary>
public sealed class OpenAINpmClientTests(ModelServerFactory server) : IClassFixture<ModelServerFactory>
{
    [Fact]
    public async Task OpenAINpmClient_SuccessAndErrorPaths_BehaveAsAgainstOpenAI()
    {
        // Arrange
        Uri baseAddress = server.Start();
        server.Observed.Reset();

        // Act
        (int exitCode, string output) = await NodeScripts.RunAsync(
            "openai-client.mjs", [baseAddress.ToString(), ModelServerFactory.Key, ModelServerFactory.ChatModelId], TestContext.Current.CancellationToken);

        // Assert: the script checked every call; the stream it read really ran to its end on the server.
        Assert.True(exitCode == 0, $"The openai client script failed (exit {exitCode}):\n{output}");
        Assert.Contains("\"ok\":true", output, StringComparison.Ordinal);
        StreamOutcome stream = await server.Observed.NextStreamOutcome.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(stream.Completed && stream.Updates > 0, $"The server-side stream did not complete: {stream}");
    }
}
