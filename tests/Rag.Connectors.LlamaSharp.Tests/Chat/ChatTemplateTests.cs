// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text;
using LLama;
using LLama.Native;
using Microsoft.Extensions.AI;
using Rag.Connectors.LlamaSharp.Tests.Models;
using Rag.TestUtilities;

namespace Rag.Connectors.LlamaSharp.Tests.Chat;

public sealed class ChatTemplateTests
{
    private static readonly ChatMessage[] s_conversation = [new(ChatRole.System, "Be brief."), new(ChatRole.User, "Hi there")];

    [Fact]
    public void BuildPrompt_ModelWithoutTemplate_UsesFallbackTemplate()
    {
        using LlamaSharpChatClient client = TinyModel.CreateClient();

        string prompt = Detokenize(client, client.Host.BuildPrompt(s_conversation, instructions: null));

        Assert.Contains("<|im_start|>system\nBe brief.<|im_end|>", prompt, StringComparison.Ordinal);
        Assert.EndsWith("<|im_start|>assistant\n", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildPrompt_ModelWithLlama3Template_UsesModelTemplate()
    {
        using var dir = new TemporaryDirectory();
        const string Llama3 = "{% for m in messages %}<|start_header_id|>{{ m['role'] }}<|end_header_id|>\n\n{{ m['content'] }}<|eot_id|>{% endfor %}";
        string path = GgufTestFiles.Write(dir, "llama3.gguf", GgufTestFiles.WithStringMetadata(GgufTestFiles.Original, "tokenizer.chat_template", Llama3));
        using var client = (LlamaSharpChatClient)LlamaSharpChatClientFactory.Create(new LlamaSharpChatOptions { ModelPath = path, ContextSize = 256 });

        string prompt = Detokenize(client, client.Host.BuildPrompt(s_conversation, instructions: "Extra rule."));

        Assert.Contains("<|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|>", prompt, StringComparison.Ordinal);
        Assert.Contains("Extra rule.", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("<|im_start|>", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildPrompt_ExplicitTemplateOption_Wins()
    {
        using LlamaSharpChatClient client = TinyModel.CreateClient(o => o.ChatTemplate = "llama3");

        string prompt = Detokenize(client, client.Host.BuildPrompt(s_conversation, instructions: null));

        Assert.Contains("<|start_header_id|>system<|end_header_id|>", prompt, StringComparison.Ordinal);
    }

    private static string Detokenize(LlamaSharpChatClient client, LLamaToken[] tokens)
    {
        LLamaWeights weights = client.Host.Weights!;
        Assert.Equal(weights.Vocab.BOS, tokens[0]); // BOS exactly once
        Assert.NotEqual(weights.Vocab.BOS, tokens[1]);
        var decoder = new StreamingTokenDecoder(Encoding.UTF8, weights);
        decoder.AddRange(tokens);
        return decoder.Read();
    }
}
