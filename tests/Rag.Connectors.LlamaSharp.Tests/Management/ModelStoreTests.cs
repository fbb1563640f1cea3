// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.RegularExpressions;
using Rag.TestUtilities;

namespace Rag.Connectors.LlamaSharp.Tests.Management;

public sealed class ModelStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PullAsync_Url_DownloadsThenListFindRemove()
    {
        byte[] model = await File.ReadAllBytesAsync(TinyModel.Path, Ct);
        await using var server = new LoopbackFileServer(model);
        using var dir = new TemporaryDirectory();
        using var store = new ModelStore(Path.Combine(dir.Path, "models"));

        StoredModel pulled = await store.PullAsync(server.Url("stories260K.gguf").ToString(), cancellationToken: Ct);
        StoredModel again = await store.PullAsync(server.Url("stories260K.gguf").ToString(), cancellationToken: Ct);

        Assert.Equal("stories260K.gguf", pulled.FileName);
        Assert.Equal(model.Length, pulled.SizeBytes);
        Assert.Single(server.RangeHeaders); // the second pull found the file and downloaded nothing
        Assert.Equal(pulled.Path, again.Path);
        StoredModel listed = Assert.Single(store.List());
        Assert.Equal(pulled.Path, listed.Path);
        Assert.Null(listed.CatalogName);
        Assert.Equal(pulled.Path, store.Find("stories260K")!.Path);
        Assert.True(store.Remove("stories260K.gguf"));
        Assert.Empty(store.List());
        Assert.False(store.Remove("stories260K.gguf"));
    }

    [Fact]
    public async Task PullAsync_CatalogEntryWithHash_CorruptDownloadLeavesNothing()
    {
        byte[] model = await File.ReadAllBytesAsync(TinyModel.Path, Ct);
        await using var server = new LoopbackFileServer(model) { CorruptByteAt = 100_000 };
        using var dir = new TemporaryDirectory();
        using var store = new ModelStore(dir.Path);
        string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(model));
        var entry = new ModelCatalogEntry("tiny", "test", server.Url("tiny.gguf"), "tiny.gguf", "MIT", model.Length, model.Length, sha);

        await Assert.ThrowsAsync<InvalidDataException>(() => store.PullAsync(entry, cancellationToken: Ct));

        Assert.Empty(store.List());
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Theory]
    [InlineData("no-such-model")]
    [InlineData("ftp://example.org/model.gguf")]
    [InlineData("https://example.org/model.bin")]
    public async Task PullAsync_NeitherCatalogNameNorGgufUrl_ThrowsArgumentException(string nameOrUrl)
    {
        using var dir = new TemporaryDirectory();
        using var store = new ModelStore(dir.Path);

        await Assert.ThrowsAsync<ArgumentException>(() => store.PullAsync(nameOrUrl, cancellationToken: Ct));
    }

    [Theory]
    [InlineData("../escape.gguf")]
    [InlineData("sub/dir.gguf")]
    public void Remove_PathInsteadOfName_ThrowsArgumentException(string name)
    {
        using var dir = new TemporaryDirectory();
        using var store = new ModelStore(dir.Path);

        Assert.Throws<ArgumentException>(() => store.Remove(name));
    }

    [Fact]
    public void Catalog_Entries_AreQ4KMWithLicenceAndNoInventedHashes()
    {
        Assert.Equal(4, ModelCatalog.Models.Count);
        Assert.Equal(ModelCatalog.Models.Count, ModelCatalog.Models.Select(m => m.Name).Distinct().Count());
        Assert.All(ModelCatalog.Models, m =>
        {
            Assert.Contains("q4_k_m", m.FileName, StringComparison.OrdinalIgnoreCase);
            Assert.EndsWith(m.FileName, m.DownloadUri.AbsolutePath, StringComparison.Ordinal);
            Assert.Equal(Uri.UriSchemeHttps, m.DownloadUri.Scheme);
            Assert.False(string.IsNullOrWhiteSpace(m.License));
            Assert.True(m.ApproximateSizeBytes > 100_000_000);
            Assert.True(m.Sha256 is null || Regex.IsMatch(m.Sha256, "^[0-9a-f]{64}$"));
        });
        Assert.True(ModelCatalog.TryFind("QWEN2.5-0.5B-INSTRUCT", out ModelCatalogEntry? qwen));
        Assert.Equal("Apache-2.0", qwen.License);
        Assert.False(ModelCatalog.TryFind("gpt-5", out _));
    }
}
