// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using Microsoft.Extensions.AI;
using Rag.TestUtilities;

namespace Rag.Connectors.LlamaSharp.Tests.Models;

public sealed class GgufModelValidatorTests
{
    [Fact]
    public void Validate_TinyLlama_ReadsHeader()
    {
        GgufModelInfo info = GgufModelValidator.Validate(TinyModel.Path);

        Assert.Equal("llama", info.Architecture);
        Assert.Equal(3u, info.Version);
        Assert.Equal(2048, info.ContextLength);
        Assert.True(info.TensorCount > 5);
        Assert.True(info.MetadataCount > 5);
        Assert.Null(info.ChatTemplate);
        Assert.Equal(new FileInfo(TinyModel.Path).Length, info.FileLength);
    }

    [Fact]
    public void Validate_MissingFile_ThrowsFileNotFoundNamingTheFile()
    {
        using var dir = new TemporaryDirectory();
        string path = Path.Combine(dir.Path, "nope.gguf");

        FileNotFoundException e = Assert.Throws<FileNotFoundException>(() => GgufModelValidator.Validate(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NotGguf_ThrowsNamingTheFile()
    {
        using var dir = new TemporaryDirectory();
        string path = dir.WriteFile("model.gguf", "<html><body>404 Not Found</body></html> and some more text to pass the size check");

        InvalidModelFileException e = Assert.Throws<InvalidModelFileException>(() => GgufModelValidator.Validate(path));

        Assert.Equal(path, e.ModelPath);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("magic", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyFile_Throws()
    {
        using var dir = new TemporaryDirectory();
        string path = GgufTestFiles.Write(dir, "empty.gguf", []);

        Assert.Throws<InvalidModelFileException>(() => GgufModelValidator.Validate(path));
    }

    [Theory]
    [InlineData(0.6)]
    [InlineData(0.999)]
    public void Validate_TruncatedTensorData_Throws(double keep)
    {
        using var dir = new TemporaryDirectory();
        byte[] bytes = GgufTestFiles.Original;
        string path = GgufTestFiles.Write(dir, "cut.gguf", bytes[..(int)(bytes.Length * keep)]);

        InvalidModelFileException e = Assert.Throws<InvalidModelFileException>(() => GgufModelValidator.Validate(path));

        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TruncatedInsideHeader_Throws()
    {
        using var dir = new TemporaryDirectory();
        string path = GgufTestFiles.Write(dir, "cut.gguf", GgufTestFiles.Original[..200]);

        InvalidModelFileException e = Assert.Throws<InvalidModelFileException>(() => GgufModelValidator.Validate(path));

        Assert.Equal(path, e.ModelPath);
    }

    [Fact]
    public void Validate_UnsupportedVersion_Throws()
    {
        using var dir = new TemporaryDirectory();
        byte[] bytes = GgufTestFiles.Original;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 7);
        string path = GgufTestFiles.Write(dir, "v7.gguf", bytes);

        InvalidModelFileException e = Assert.Throws<InvalidModelFileException>(() => GgufModelValidator.Validate(path));

        Assert.Contains("version 7", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ImplausibleTensorCount_Throws()
    {
        using var dir = new TemporaryDirectory();
        byte[] bytes = GgufTestFiles.Original;
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), 0xFFFF_FFFF_FFFFUL);
        string path = GgufTestFiles.Write(dir, "counts.gguf", bytes);

        InvalidModelFileException e = Assert.Throws<InvalidModelFileException>(() => GgufModelValidator.Validate(path));

        Assert.Contains("counts", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnsupportedArchitecture_Throws()
    {
        using var dir = new TemporaryDirectory();
        string path = GgufTestFiles.Write(dir, "arch.gguf", GgufTestFiles.Patch(GgufTestFiles.Original, "general.architecture\b\0\0\0\u0005\0\0\0\0\0\0\0llama", "general.architecture\b\0\0\0\u0005\0\0\0\0\0\0\0llamx"));

        InvalidModelFileException e = Assert.Throws<InvalidModelFileException>(() => GgufModelValidator.Validate(path));

        Assert.Contains("'llamx'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AddedChatTemplate_StaysValidAndReadsTemplate()
    {
        using var dir = new TemporaryDirectory();
        string path = GgufTestFiles.Write(dir, "tmpl.gguf", GgufTestFiles.WithStringMetadata(GgufTestFiles.Original, "tokenizer.chat_template", "{{ x }}"));

        GgufModelInfo info = GgufModelValidator.Validate(path);

        Assert.StartsWith("{{ x }}", info.ChatTemplate, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatClient_BadModelFile_ThrowsManagedExceptionOnFirstUse()
    {
        using var dir = new TemporaryDirectory();
        byte[] bytes = GgufTestFiles.Original;
        string path = GgufTestFiles.Write(dir, "cut.gguf", bytes[..(bytes.Length / 2)]);
        using IChatClient client = LlamaSharpChatClientFactory.Create(new LlamaSharpChatOptions { ModelPath = path });

        InvalidModelFileException e = await Assert.ThrowsAsync<InvalidModelFileException>(() => client.GetResponseAsync("hello", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(path, e.ModelPath);
    }

    [Fact]
    public async Task ChatClient_MissingModelFile_ThrowsFileNotFound()
    {
        using var dir = new TemporaryDirectory();
        using IChatClient client = LlamaSharpChatClientFactory.Create(new LlamaSharpChatOptions { ModelPath = Path.Combine(dir.Path, "missing.gguf") });

        await Assert.ThrowsAsync<FileNotFoundException>(() => client.GetResponseAsync("hello", cancellationToken: TestContext.Current.CancellationToken));
    }
}
