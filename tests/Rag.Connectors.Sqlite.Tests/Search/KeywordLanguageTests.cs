// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Data.Sqlite;
using Rag.Connectors.Sqlite.Search;
using Rag.Connectors.Search.Analysis;
using Rag.Connectors.Sqlite.Search.Analysis;
using Rag.Connectors.Sqlite.Search.Keywords;
using Rag.TestUtilities;

namespace Rag.Connectors.Sqlite.Tests.Search;

/// <summary>
/// Language-aware keyword search: Spanish stemming and stop words, English (and French, recognised so it is not taken
/// for Spanish) left to FTS5's Porter stemmer as before,
/// mixed-language indexes, and re-analysis of an index written before languages were told apart. Also runs under
/// invariant globalization (Rag.Connectors.Sqlite.InvariantTests).
/// </summary>
public sealed class KeywordLanguageTests : IDisposable
{
    private const string SpanishInstall = "Para instalar los paquetes nuevos del sistema, el administrador ejecuta la orden apt y confirma que la instalación termina sin errores.";
    private const string SpanishNetwork = "La configuración de la red se guarda en un archivo de texto que el sistema lee cuando arranca; también se puede cambiar con una herramienta gráfica.";
    private const string EnglishInstall = "The administrator runs the package manager to install software, and it resolves the dependencies that each package declares.";
    private const string FrenchInstall = "Pour installer les nouveaux paquets du système, l'administrateur lance la commande apt et vérifie que l'installation se termine sans erreur.";
    private const string EnglishNetwork = "Network interfaces are configured in a text file that the system reads when it boots; a graphical tool can change it as well.";

    private readonly TemporaryDirectory _directory = new();
    private readonly FullTextTokenizer _tokenizer = new(new SqliteStoreOptions().FullTextTokenizer);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _tokenizer.Dispose();
        _directory.Dispose();
    }

    [Theory]
    [InlineData("paquete", "paquetes")] // plural
    [InlineData("nuevo", "nuevas")] // gender and number
    [InlineData("instalado", "instalada")] // participle, gender
    [InlineData("instalar", "instalamos")] // verb forms
    [InlineData("configurar", "configurando")]
    [InlineData("actualizar", "actualizaciones")] // verb and derived noun
    [InlineData("instalación", "instalacion")] // accent typed or not
    [InlineData("rápido", "rápidos")]
    public void SpanishStemmer_RelatedForms_ShareAStem(string one, string other) =>
        Assert.Equal(SpanishStemmer.Stem(one), SpanishStemmer.Stem(other));

    [Theory]
    [InlineData("instalar", "instante")]
    [InlineData("red", "rueda")]
    [InlineData("sistema", "sistemático")]
    public void SpanishStemmer_UnrelatedWords_StayApart(string one, string other) =>
        Assert.NotEqual(SpanishStemmer.Stem(one), SpanishStemmer.Stem(other));

    [Fact]
    public void Analyse_French_IsLeftAsWritten_ForPorter()
    {
        var analyzer = new KeywordAnalyzer(KeywordLanguage.Auto);

        Assert.Equal(FrenchInstall, analyzer.AnalyseText(FrenchInstall, LanguageProfile.French, new HashSet<LanguageProfile>()));
        Assert.NotEqual(SpanishInstall, analyzer.AnalyseText(SpanishInstall, LanguageProfile.Spanish, new HashSet<LanguageProfile>()));
    }

    [Theory]
    [InlineData(3)] // one chunk after another
    [InlineData(40)] // on every core
    public void AnalyseChunks_MixedDocument_MatchesEachChunkAnalysedAlone(int count)
    {
        var analyzer = new KeywordAnalyzer(KeywordLanguage.Auto);
        string[] bodies = [SpanishInstall, EnglishInstall, FrenchInstall, SpanishNetwork + " " + EnglishNetwork, "apt"];
        string[] titles = ["Instalación de paquetes", "Installing packages", string.Empty];
        (string Title, string Headings, string Text)[] chunks = [.. Enumerable.Range(0, count).Select(i => (titles[i % titles.Length], i % 4 == 0 ? "Red / Configuración" : "Network", bodies[(i * 7) % bodies.Length]))];

        AnalysedChunk[] analysed = analyzer.AnalyseChunks(chunks, Ct);

        LanguageProfile[] languages = LanguageDetector.DetectChunks([.. chunks.Select(c => c.Title + "\n" + c.Headings + "\n" + c.Text)]);
        Assert.Equal(count, analysed.Length);
        for (int i = 0; i < count; i++)
        {
            var used = new HashSet<LanguageProfile>();
            Assert.Same(languages[i], analysed[i].Language);
            Assert.Equal(analyzer.AnalyseLabel(chunks[i].Title, languages[i], used), analysed[i].Title);
            Assert.Equal(analyzer.AnalyseLabel(chunks[i].Headings, languages[i], used), analysed[i].Headings);
            Assert.Equal(analyzer.AnalyseText(chunks[i].Text, languages[i], used), analysed[i].Text);
            Assert.True(used.SetEquals(analysed[i].Used), $"chunk {i}: languages used {string.Join(',', analysed[i].Used.Select(l => l.Name))}, expected {string.Join(',', used.Select(l => l.Name))}");
        }

        Assert.Contains(analysed, a => a.Language == LanguageProfile.Spanish);
        Assert.Contains(analysed, a => a.Language == LanguageProfile.English);
    }

    [Fact]
    public void LanguageDetector_DocumentOfChunks_GivesUnclearChunksTheDocumentsLanguage()
    {
        string[] spanishDocument = [SpanishInstall, SpanishNetwork, SpanishInstall, "apt-get install", EnglishInstall];
        string[] unclearDocument = [SpanishInstall, "apt-get install", EnglishInstall];

        LanguageProfile[] spanish = LanguageDetector.DetectChunks(spanishDocument);
        LanguageProfile[] unclear = LanguageDetector.DetectChunks(unclearDocument);

        Assert.Same(LanguageProfile.Spanish, LanguageDetector.Detect(spanishDocument.SelectMany(WordSplitter.Split)));
        Assert.Equal([LanguageProfile.Spanish, LanguageProfile.Spanish, LanguageProfile.Spanish, LanguageProfile.Spanish, LanguageProfile.English], spanish);
        Assert.Null(LanguageDetector.Detect(unclearDocument.SelectMany(WordSplitter.Split)));
        Assert.Equal([LanguageProfile.Spanish, LanguageProfile.English, LanguageProfile.English], unclear);
    }

    [Fact]
    public void LanguageDetector_TellsSpanishFrenchAndEnglishApart_AndShortTextIsUnclear()
    {
        Assert.Same(LanguageProfile.Spanish, LanguageDetector.Detect(WordSplitter.Split(SpanishInstall)));
        Assert.Same(LanguageProfile.French, LanguageDetector.Detect(WordSplitter.Split(FrenchInstall)));
        Assert.Same(LanguageProfile.English, LanguageDetector.Detect(WordSplitter.Split(EnglishInstall)));
        Assert.Null(LanguageDetector.Detect(WordSplitter.Split("Debian apt")));
    }

    [Theory]
    [InlineData("Órdenes básicas de Unix", "spanish")] // letters only Spanish writes
    [InlineData("Consejos para el sistema", "spanish")] // Spanish function words
    [InlineData("The hostname", "english")]
    [InlineData("Commandes élémentaires du système", "french")]
    [InlineData("Basic Git commands", null)] // nothing tells: left to the chunk's language
    [InlineData("Vitamin E deficiency", null)] // "e" is a Spanish word, but one letter alone is too often a symbol
    [InlineData("Los Angeles study of the elderly", null)] // a Spanish word beside an English one: no doubt-free winner
    public void LanguageDetector_Label_OneDistinctiveWordDecides_UnlessAnotherLanguageShows(string label, string? expected) =>
        Assert.Equal(expected, LanguageDetector.DetectPiece(WordSplitter.Split(label), LanguageDetector.MinimumLabelHits)?.Name);

    [Theory]
    [InlineData("El sistema conserva los registros del núcleo.", "spanish")]
    [InlineData("La configuración se guarda en un archivo.", null)] // one distinctive word ("la", "se", "en", "un" are French too): left to the chunk
    [InlineData("It is kept in a file.", "english")]
    [InlineData("MI, 0.", null)] // one Spanish-looking abbreviation is not a Spanish sentence
    [InlineData("apt-get install mc vim sudo", null)]
    public void LanguageDetector_Sentence_NeedsTwoDistinctiveWords(string sentence, string? expected) =>
        Assert.Equal(expected, LanguageDetector.DetectPiece(WordSplitter.Split(sentence), LanguageDetector.MinimumSentenceHits)?.Name);

    [Fact]
    public void AnalyseText_EnglishThroughout_IsStoredAsWritten()
    {
        var analyzer = new KeywordAnalyzer(KeywordLanguage.Auto);
        const string Text = "MI patients (n = 50) were enrolled; e.g. vitamin E. See /usr/share/doc: it works!";
        var used = new HashSet<LanguageProfile>();

        Assert.Equal(Text, analyzer.AnalyseText(Text, LanguageProfile.English, used));
        Assert.Equal(LanguageProfile.English, Assert.Single(used));
    }

    [Fact]
    public async Task SearchAsync_SpanishTitleOverEnglishBody_MatchesOtherSpanishForms()
    {
        using KnowledgeStore store = await OpenMixedStoreAsync(KeywordLanguage.Auto);
        await UpsertAsync(store, "shutdown", "Cómo apagar el equipo", "To shut the system down cleanly, run systemctl poweroff; every service is stopped first and the disks are synced.");

        IReadOnlyList<ChunkSearchResult> results = await store.SearchAsync(new ChunkSearchRequest { Keywords = "apago" }, Ct); // Porter does not meet "apagar"

        Assert.Equal("shutdown", Assert.Single(results).Chunk.DocumentId);
    }

    [Fact]
    public async Task SearchAsync_SpanishSentenceInEnglishChunk_MatchesOtherSpanishForms()
    {
        using KnowledgeStore store = await OpenMixedStoreAsync(KeywordLanguage.Auto);
        await UpsertAsync(store, "mixed", "Network setup", EnglishNetwork + " El sistema conserva los registros del núcleo. " + EnglishInstall);

        IReadOnlyList<ChunkSearchResult> results = await store.SearchAsync(new ChunkSearchRequest { Keywords = "conservamos" }, Ct); // Porter does not meet "conserva"

        Assert.Equal("mixed", Assert.Single(results).Chunk.DocumentId);
    }

    [Fact]
    public void BuildQuery_EnglishOnlyIndex_IsTheExpressionOfBefore()
    {
        const string Query = "How do I install packages with apt-get? \"quoted\" NEAR(x)";
        var analyzer = new KeywordAnalyzer(KeywordLanguage.Auto);

        Assert.Equal(FullTextQuery.FromText(Query), analyzer.BuildQuery(Query, [LanguageProfile.English.Name], _tokenizer));
        Assert.Equal(FullTextQuery.FromText(Query), analyzer.BuildQuery(Query, [], _tokenizer));
    }

    [Fact]
    public void BuildQuery_MixedIndex_OrsEachWordsFormInEveryLanguage()
    {
        var analyzer = new KeywordAnalyzer(KeywordLanguage.Auto);

        string? match = analyzer.BuildQuery("paquetes instalados", [LanguageProfile.English.Name, LanguageProfile.Spanish.Name], _tokenizer);

        // "paquet", the Spanish stem of "paquetes", is left out: it is the token Porter makes of "paquetes" already.
        Assert.Equal("\"paquetes\" OR \"instalados\" OR \"instal\"", match);
    }

    [Theory]
    [InlineData("canción", "\"canción\"")] // the Spanish stem "cancion" is the same token once FTS5 removes the accent
    [InlineData("canción instalación", "\"canción\" OR \"instalación\" OR \"instal\"")] // only the form that differs is added
    [InlineData("Canción canción", "\"canción\"")]
    public void BuildQuery_MixedIndex_SearchesEachWordsTokenOnce(string query, string expected)
    {
        var analyzer = new KeywordAnalyzer(KeywordLanguage.Auto);

        Assert.Equal(expected, analyzer.BuildQuery(query, [LanguageProfile.English.Name, LanguageProfile.Spanish.Name], _tokenizer));
    }

    [Fact]
    public async Task SearchAsync_MixedIndex_AccentedWordScoresAsTheUnaccentedOne()
    {
        using KnowledgeStore store = await OpenMixedStoreAsync(KeywordLanguage.Auto);
        await UpsertAsync(store, "spanish-song", "Canciones", "La canción del verano fue escrita por una compositora española; la cantan en cada fiesta del pueblo.");

        ChunkSearchResult accented = Assert.Single(await store.SearchAsync(new ChunkSearchRequest { Keywords = "canción" }, Ct));
        ChunkSearchResult plain = Assert.Single(await store.SearchAsync(new ChunkSearchRequest { Keywords = "cancion" }, Ct));

        Assert.Equal("spanish-song", accented.Chunk.DocumentId);
        Assert.Equal(plain.KeywordScore, accented.KeywordScore);
    }

    [Theory]
    [InlineData("paquete nueva", "spanish-install")] // singular, feminine: the text says "paquetes nuevos"
    [InlineData("instalado", "spanish-install")] // participle: the text says "instalar" and "instalación"
    [InlineData("configurar redes", "spanish-network")] // verb and plural: the text says "configuración" and "red"
    [InlineData("installing packages", "english-install")] // English still stemmed by Porter
    [InlineData("configuring networks", "english-network")]
    public async Task SearchAsync_AutoLanguage_MatchesOtherFormsInEachLanguage(string query, string expected)
    {
        using KnowledgeStore store = await OpenMixedStoreAsync(KeywordLanguage.Auto);

        IReadOnlyList<ChunkSearchResult> results = await store.SearchAsync(new ChunkSearchRequest { Keywords = query }, Ct);

        Assert.Equal(expected, results[0].Chunk.DocumentId);
    }

    [Theory]
    [InlineData("logiciel installé", "french-install")] // the text says "logiciels" and "installer"
    [InlineData("programa instalado", "spanish-install")] // the text says "programas" and "instalar"
    [InlineData("installing packages", "english-install")]
    public async Task SearchAsync_ThreeLanguages_EachQueryFindsItsLanguage(string query, string expected)
    {
        using KnowledgeStore store = SqliteKnowledgeStore.Open(Path.Combine(_directory.Path, "three.db"));
        await UpsertAsync(store, "spanish-install", "Instalación de programas", SpanishInstall);
        await UpsertAsync(store, "french-install", "Installation de logiciels", FrenchInstall);
        await UpsertAsync(store, "english-install", "Installing software", EnglishInstall);

        IReadOnlyList<ChunkSearchResult> results = await store.SearchAsync(new ChunkSearchRequest { Keywords = query }, Ct);

        Assert.Equal(expected, results[0].Chunk.DocumentId);
    }

    [Theory]
    [InlineData("nueva")] // Porter stems "paquete" and "paquetes" alike, but not these
    [InlineData("instalado")]
    public async Task SearchAsync_EnglishLanguage_MissesSpanishForms(string query)
    {
        using KnowledgeStore store = await OpenMixedStoreAsync(KeywordLanguage.English);

        IReadOnlyList<ChunkSearchResult> results = await store.SearchAsync(new ChunkSearchRequest { Keywords = query }, Ct);

        Assert.DoesNotContain(results, r => r.Chunk.DocumentId == "spanish-install");
    }

    [Fact]
    public async Task SearchAsync_EnglishIndex_RanksAndScoresAsTheEnglishSetting()
    {
        string[] texts = [EnglishInstall, EnglishNetwork, "Packages are installed from mirrors; every package has a maintainer.", "The boot loader reads its configuration file."];
        var rankings = new List<string>();
        foreach (KeywordLanguage language in new[] { KeywordLanguage.English, KeywordLanguage.Auto })
        {
            using KnowledgeStore store = SqliteKnowledgeStore.Open(Path.Combine(_directory.Path, $"{language}.db"), new SqliteStoreOptions { KeywordLanguage = language });
            for (int i = 0; i < texts.Length; i++)
            {
                await UpsertAsync(store, "doc" + i, $"Document {i}", texts[i]);
            }

            IReadOnlyList<ChunkSearchResult> results = await store.SearchAsync(new ChunkSearchRequest { Keywords = "install the package configuration file" }, Ct);
            rankings.Add(string.Join(", ", results.Select(r => $"{r.Chunk.DocumentId}={r.Score:R}")));
        }

        Assert.NotEmpty(rankings[0]);
        Assert.Equal(rankings[0], rankings[1]);
    }

    [Fact]
    public async Task Open_IndexWrittenBeforeLanguages_IsReanalysedFromChunkText()
    {
        string path = Path.Combine(_directory.Path, "legacy.db");
        using (KnowledgeStore store = await OpenMixedStoreAsync(KeywordLanguage.Auto, path))
        {
            Assert.NotEmpty(await store.SearchAsync(new ChunkSearchRequest { Keywords = "instalado" }, Ct));
        }

        MakeLegacy(path);
        using (KnowledgeStore legacy = SqliteKnowledgeStore.Open(path, new SqliteStoreOptions { ReadOnly = true }))
        {
            // As it was written: English as written, so a Spanish participle misses the infinitive.
            Assert.Empty(await legacy.SearchAsync(new ChunkSearchRequest { Keywords = "instalado" }, Ct));
        }

        using KnowledgeStore reopened = SqliteKnowledgeStore.Open(path);
        IReadOnlyList<ChunkSearchResult> results = await reopened.SearchAsync(new ChunkSearchRequest { Keywords = "instalado" }, Ct);

        Assert.Equal("spanish-install", results[0].Chunk.DocumentId); // the Spanish stem "instal" also meets English "install"
        Assert.Equal(SpanishInstall, results[0].Chunk.Text);
        Assert.Equal(4, (await reopened.GetDocumentsAsync(Ct)).Count);
        Assert.Equal(4L, Scalar(path, "SELECT count(*) FROM chunks_fts;"));
    }

    [Fact]
    public async Task Open_WithAnotherLanguageSetting_ReanalysesTheIndex()
    {
        string path = Path.Combine(_directory.Path, "switch.db");
        using (KnowledgeStore english = await OpenMixedStoreAsync(KeywordLanguage.English, path))
        {
            Assert.Empty(await english.SearchAsync(new ChunkSearchRequest { Keywords = "instalado" }, Ct));
        }

        using KnowledgeStore spanish = SqliteKnowledgeStore.Open(path, new SqliteStoreOptions { KeywordLanguage = KeywordLanguage.Spanish });

        Assert.Equal("spanish-install", (await spanish.SearchAsync(new ChunkSearchRequest { Keywords = "instalado" }, Ct))[0].Chunk.DocumentId);
    }

    [Theory]
    [InlineData("información")]
    [InlineData("energía")]
    [InlineData("año")]
    [InlineData("ręka")] // an accent beyond Latin-1 (ogonek)
    public async Task SearchAsync_DecomposedAccents_ScoreAsPrecomposed(string word)
    {
        // Arrange: the same Spanish text precomposed and decomposed (letter + combining accent), in two stores; built by
        // hand, since string.Normalize does nothing under invariant globalization.
        string text = $"La {word} de la aplicación está en el teléfono y también en la página del {word}.";
        using KnowledgeStore composed = SqliteKnowledgeStore.Open(Path.Combine(_directory.Path, "nfc.db"));
        using KnowledgeStore decomposed = SqliteKnowledgeStore.Open(Path.Combine(_directory.Path, "nfd.db"));
        foreach ((KnowledgeStore store, Func<string, string> form) in new[] { (composed, (Func<string, string>)(t => t)), (decomposed, Decompose) })
        {
            await UpsertAsync(store, "spanish", form("Aplicación"), form(text));
            await UpsertAsync(store, "english", "Application", "The information about the application is on the telephone page.");
        }

        // Act: each store searched for the word as typed both ways.
        string[] rankings = [.. await Task.WhenAll(
            from store in new[] { composed, decomposed }
            from query in new[] { word, Decompose(word) }
            select Ranking(store, query))];

        // Assert
        Assert.Contains("spanish=", rankings[0], StringComparison.Ordinal);
        Assert.All(rankings, r => Assert.Equal(rankings[0], r));

        static string Decompose(string s) => s.Replace("ó", "o\u0301").Replace("í", "i\u0301").Replace("á", "a\u0301").Replace("é", "e\u0301").Replace("ñ", "n\u0303").Replace("ę", "e\u0328");

        static async Task<string> Ranking(KnowledgeStore store, string query) =>
            string.Join(", ", (await store.SearchAsync(new ChunkSearchRequest { Keywords = query }, Ct)).Select(r => $"{r.Chunk.DocumentId}={r.KeywordScore:R}"));
    }

    [Fact]
    public async Task Open_WithAnotherTokenizer_RebuildsTheIndexAndRanksInMemoryAsInSql()
    {
        // Arrange: an index built without Porter stemming.
        string path = Path.Combine(_directory.Path, "tokenizer.db");
        using (KnowledgeStore plain = SqliteKnowledgeStore.Open(path, new SqliteStoreOptions { FullTextTokenizer = "unicode61" }))
        {
            await UpsertAsync(plain, "english", "Packages", "The administrator keeps running the package manager.");
            Assert.Empty(await plain.SearchAsync(new ChunkSearchRequest { Keywords = "runs" }, Ct));
        }

        // Act: opened with the default tokenizer (Porter), in memory and with bm25() in SQL.
        using KnowledgeStore inMemory = SqliteKnowledgeStore.Open(path);
        IReadOnlyList<ChunkSearchResult> ranked = await inMemory.SearchAsync(new ChunkSearchRequest { Keywords = "runs" }, Ct);
        using KnowledgeStore inSql = SqliteKnowledgeStore.Open(path, new SqliteStoreOptions { RankKeywordsInMemory = false });
        IReadOnlyList<ChunkSearchResult> scored = await inSql.SearchAsync(new ChunkSearchRequest { Keywords = "runs" }, Ct);

        // Assert: "runs" now finds "running", with the same score both ways.
        Assert.Equal("english", Assert.Single(ranked).Chunk.DocumentId);
        Assert.Equal(Assert.Single(scored).KeywordScore, ranked[0].KeywordScore);
    }

    [Fact]
    public async Task SearchAsync_AfterAnotherStoreRebuiltTheIndexWithAnotherTokenizer_FailsNamingBoth()
    {
        // Arrange: a store in use, then another store on the file with another tokenizer (which rebuilds the index).
        string path = Path.Combine(_directory.Path, "rebuilt.db");
        using KnowledgeStore first = SqliteKnowledgeStore.Open(path);
        await UpsertAsync(first, "english", "Packages", "The administrator keeps running the package manager.");
        Assert.Single(await first.SearchAsync(new ChunkSearchRequest { Keywords = "running" }, Ct));
        using KnowledgeStore second = SqliteKnowledgeStore.Open(path, new SqliteStoreOptions { FullTextTokenizer = "unicode61" });
        Assert.Single(await second.SearchAsync(new ChunkSearchRequest { Keywords = "running" }, Ct));

        // Act / Assert: it fails naming the file and both tokenizers, instead of silently finding nothing.
        await AssertSearchFailsNamingAsync(first, path, "unicode61", "porter unicode61 remove_diacritics 2");
    }

    [Fact]
    public async Task Open_ReadOnlyWithAnotherTokenizer_FailsNamingBothTokenizers()
    {
        string path = Path.Combine(_directory.Path, "tokenizer-ro.db");
        using (KnowledgeStore plain = SqliteKnowledgeStore.Open(path, new SqliteStoreOptions { FullTextTokenizer = "unicode61 remove_diacritics 0" }))
        {
            await UpsertAsync(plain, "english", "Packages", "The administrator keeps running the package manager.");
        }

        using KnowledgeStore readOnly = SqliteKnowledgeStore.Open(path, new SqliteStoreOptions { ReadOnly = true });

        await AssertSearchFailsNamingAsync(readOnly, path, "unicode61 remove_diacritics 0", "porter unicode61 remove_diacritics 2");
    }

    /// <summary>A keyword search of <paramref name="store"/> fails with a message naming the file and both tokenizers.</summary>
    private static async Task AssertSearchFailsNamingAsync(KnowledgeStore store, string path, string indexTokenizer, string configuredTokenizer)
    {
        Exception error = await Assert.ThrowsAnyAsync<Exception>(() => store.SearchAsync(new ChunkSearchRequest { Keywords = "running" }, Ct));
        Assert.Contains($"'{indexTokenizer}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{configuredTokenizer}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadKeywordLanguage_IsTheSettingTheIndexWasAnalysedWith_AndNullWithoutOne()
    {
        string path = Path.Combine(_directory.Path, "setting.db");
        Assert.Null(SqliteKnowledgeStore.ReadKeywordLanguage(path)); // no file
        using (KnowledgeStore spanish = await OpenMixedStoreAsync(KeywordLanguage.Spanish, path))
        {
            Assert.Equal(KeywordLanguage.Spanish, SqliteKnowledgeStore.ReadKeywordLanguage(path));
        }

        MakeLegacy(path);

        Assert.Null(SqliteKnowledgeStore.ReadKeywordLanguage(path)); // written before languages were told apart
    }

    [Fact]
    public async Task RenameDocumentAsync_SpanishTitle_IsSearchableInOtherForms()
    {
        using KnowledgeStore store = await OpenMixedStoreAsync(KeywordLanguage.Auto);
        DocumentRecord renamed = Record("spanish-install-2", "Guías de impresoras");

        await store.RenameDocumentAsync("spanish-install", renamed, Ct);
        IReadOnlyList<ChunkSearchResult> results = await store.SearchAsync(new ChunkSearchRequest { Keywords = "impresora" }, Ct);

        Assert.Equal("spanish-install-2", Assert.Single(results).Chunk.DocumentId);
    }

    [Fact]
    public async Task SearchAsync_LanguageAddedByAnotherStoreOnTheFile_IsSearchedAndNotErasedByItsNextWrite()
    {
        string path = Path.Combine(_directory.Path, "shared.db");
        using KnowledgeStore writer = SqliteKnowledgeStore.Open(path);
        using KnowledgeStore other = SqliteKnowledgeStore.Open(path);
        Assert.Empty(await other.SearchAsync(new ChunkSearchRequest { Keywords = "programa instalado" }, Ct)); // loaded before the Spanish write

        await UpsertAsync(writer, "spanish-install", "Instalación de programas", SpanishInstall);
        IReadOnlyList<ChunkSearchResult> seenByOther = await other.SearchAsync(new ChunkSearchRequest { Keywords = "programa instalado" }, Ct);
        await UpsertAsync(other, "english-install", "Installing software", EnglishInstall);
        using KnowledgeStore reopened = SqliteKnowledgeStore.Open(path);
        IReadOnlyList<ChunkSearchResult> seenAfterOthersWrite = await reopened.SearchAsync(new ChunkSearchRequest { Keywords = "programa instalado" }, Ct);

        Assert.Equal("spanish-install", seenByOther.FirstOrDefault()?.Chunk.DocumentId);
        Assert.Equal("spanish-install", seenAfterOthersWrite.FirstOrDefault()?.Chunk.DocumentId);
    }

    private static DocumentRecord Record(string id, string title) => new() { Id = id, Path = id + ".md", Title = title, FileType = "md", ContentHash = "h-" + id };

    private static async Task UpsertAsync(KnowledgeStore store, string id, string title, string text)
    {
        var chunk = new DocumentChunk { DocumentId = id, Index = 0, Text = text, Title = title, Path = id + ".md", ContentHash = "c-" + id, EndOffset = text.Length };
        await store.UpsertDocumentAsync(Record(id, title), [chunk], Ct);
    }

    private static long Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Rewrites the keyword index as a version without languages wrote it: no language column or marks, text as written.</summary>
    private static void MakeLegacy(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            DROP TABLE chunks_fts;
            CREATE VIRTUAL TABLE chunks_fts USING fts5 (title, headings, text, tokenize = 'porter unicode61 remove_diacritics 2');
            INSERT INTO chunks_fts (rowid, title, headings, text) SELECT _rowid, coalesce(title, ''), '', text FROM chunks;
            DELETE FROM rag_meta WHERE key LIKE 'knowledge.keyword_%';
            """;
        command.ExecuteNonQuery();
    }

    private async Task<KnowledgeStore> OpenMixedStoreAsync(KeywordLanguage language, string? path = null)
    {
        KnowledgeStore store = SqliteKnowledgeStore.Open(path ?? Path.Combine(_directory.Path, "mixed.db"), new SqliteStoreOptions { KeywordLanguage = language });
        await UpsertAsync(store, "spanish-install", "Instalación de programas", SpanishInstall);
        await UpsertAsync(store, "spanish-network", "La red", SpanishNetwork);
        await UpsertAsync(store, "english-install", "Installing software", EnglishInstall);
        await UpsertAsync(store, "english-network", "The network", EnglishNetwork);
        return store;
    }
}
