// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Connectors.Search.Analysis;
using Rag.Connectors.Sqlite.Search.Analysis;

namespace Rag.Connectors.Sqlite.Tests.Search;

/// <summary>
/// The write batch's background analysis: the same rows as analysing each document alone (languages told per document,
/// so a chunk of unclear language takes its own document's), whatever order the writer asks in, and a cancelled batch
/// ends the writer's wait with <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class ChunkAnalysisPipelineTests
{
    private const string Spanish = "Para instalar los paquetes nuevos del sistema, el administrador ejecuta la orden apt y confirma que la instalación termina sin errores.";
    private const string SpanishNetwork = "La configuración de la red se guarda en un archivo de texto que el sistema lee cuando arranca.";
    private const string English = "The administrator runs the package manager to install software, and it resolves the dependencies that each package declares.";
    private const string Unclear = "apt-get install";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Get_BatchOfDocuments_GivesTheRowsOfEachDocumentAnalysedAlone(bool lastFirst)
    {
        var analyzer = new KeywordAnalyzer(KeywordLanguage.Auto);
        IReadOnlyList<(string Title, string Headings, string Text)>[] documents =
        [
            [.. Enumerable.Range(0, 30).Select(i => ("Guía de instalación", "Red / Paquetes", i % 3 == 0 ? Unclear : i % 2 == 0 ? Spanish : SpanishNetwork))],
            [],
            [("Installing", "Packages", English), ("Installing", "Packages", Unclear), ("Installing", "Packages", English)],
            [("", "", Unclear)],
        ];

        using var pipeline = new ChunkAnalysisPipeline(analyzer, documents, Ct);

        IEnumerable<(int Document, int Chunk)> order = documents.SelectMany((chunks, d) => Enumerable.Range(0, chunks.Count).Select(c => (d, c)));
        foreach ((int d, int c) in lastFirst ? order.Reverse() : order)
        {
            AnalysedChunk expected = analyzer.AnalyseChunks(documents[d], Ct)[c];
            AnalysedChunk actual = pipeline.Get(d, c);
            Assert.Equal((expected.Title, expected.Headings, expected.Text), (actual.Title, actual.Headings, actual.Text));
            Assert.Same(expected.Language, actual.Language);
            Assert.True(expected.Used.SetEquals(actual.Used), $"document {d} chunk {c}");
        }

        Assert.Same(LanguageProfile.Spanish, pipeline.Get(0, 0).Language); // unclear, in a Spanish document
        Assert.Same(LanguageProfile.English, pipeline.Get(2, 1).Language); // unclear, in an English one
    }

    [Fact]
    public void Get_BatchCancelled_ThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        IReadOnlyList<(string Title, string Headings, string Text)>[] documents = [[.. Enumerable.Range(0, 50).Select(_ => ("Title", "Heading", English))]];

        using var pipeline = new ChunkAnalysisPipeline(new KeywordAnalyzer(KeywordLanguage.Auto), documents, cancelled.Token);

        Assert.ThrowsAny<OperationCanceledException>(() => pipeline.Get(0, 49));
    }
}
