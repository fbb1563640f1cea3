// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Rag.Connectors.Search.Analysis;

namespace Rag.Connectors.Sqlite.Search.Analysis;

/// <summary>
/// Analyses a write batch's chunks for the FTS5 table (<see cref="KeywordAnalyzer"/>) on background workers, in write
/// order, while the writer inserts the chunks analysed so far: the writer waits only for the chunk it is about to insert,
/// so analysis and SQLite's work overlap instead of running one after the other. One core is left to the writer (one
/// worker at least); a writer that would wait for a chunk no worker has taken yet (workers late on a busy thread pool)
/// analyses it itself, so the batch never depends on the pool. Each document's languages are told from all its chunks,
/// as <see cref="KeywordAnalyzer.AnalyseChunks"/> does, so the rows are the same.
/// </summary>
internal sealed class ChunkAnalysisPipeline : IDisposable
{
    private readonly KeywordAnalyzer _analyzer;
    private readonly IReadOnlyList<(string Title, string Headings, string Text)>[] _documents;
    private readonly int[] _starts;
    private readonly Lazy<LanguageProfile[]>[] _languages;
    private readonly AnalysedChunk?[] _analysed;
    private readonly LabelMemo _labels = new();
    private readonly CancellationTokenSource _stop;
    private readonly object _gate = new();
    private readonly Task[] _workers;
    private int _next = -1;
    private Exception? _failure;

    /// <param name="analyzer">The analysis.</param>
    /// <param name="documents">Each document's chunks (title, heading path, text), in the order they will be written.</param>
    /// <param name="cancellationToken">Stops the analysis; <see cref="Get"/> then throws <see cref="OperationCanceledException"/>.</param>
    public ChunkAnalysisPipeline(KeywordAnalyzer analyzer, IReadOnlyList<IReadOnlyList<(string Title, string Headings, string Text)>> documents, CancellationToken cancellationToken)
    {
        _analyzer = analyzer;
        _documents = [.. documents];
        _starts = new int[_documents.Length];
        int total = 0;
        for (int d = 0; d < _documents.Length; d++)
        {
            _starts[d] = total;
            total += _documents[d].Count;
        }

        _languages = [.. _documents.Select(chunks => new Lazy<LanguageProfile[]>(() => _analyzer.ChunkLanguages(chunks), LazyThreadSafetyMode.ExecutionAndPublication))];
        _analysed = new AnalysedChunk?[total];
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        int workers = Math.Min(Math.Clamp(Environment.ProcessorCount - 1, 1, 8), total);
        _workers = [.. Enumerable.Range(0, workers).Select(_ => Task.Run(Work, CancellationToken.None))];
    }

    /// <summary>
    /// The analysed row of chunk <paramref name="chunk"/> of document <paramref name="document"/>: analysing the chunks up to
    /// it that no worker has taken, then waiting for the ones in progress.
    /// </summary>
    /// <exception cref="OperationCanceledException">The analysis was cancelled.</exception>
    public AnalysedChunk Get(int document, int chunk)
    {
        int at = _starts[document] + chunk;
        while (Volatile.Read(ref _analysed[at]) is null && Volatile.Read(ref _next) < at && Volatile.Read(ref _failure) is null)
        {
            AnalyseNext();
        }

        lock (_gate)
        {
            while (_analysed[at] is null)
            {
                if (_failure is not null)
                {
                    ExceptionDispatchInfo.Throw(_failure);
                }

                Monitor.Wait(_gate);
            }

            return _analysed[at]!;
        }
    }

    /// <summary>Stops the workers and waits for them.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        Task.WaitAll(_workers);
        _stop.Dispose();
    }

    /// <summary>A worker: analyses the next chunk in write order until none is left or one fails.</summary>
    private void Work()
    {
        while (Volatile.Read(ref _failure) is null && AnalyseNext())
        {
        }
    }

    /// <summary>
    /// Takes the next chunk no one has taken and analyses it; <see langword="false"/> when none was left. A failure
    /// (cancellation included) is kept and ends every wait.
    /// </summary>
    private bool AnalyseNext()
    {
        int at = Interlocked.Increment(ref _next);
        if (at >= _analysed.Length)
        {
            return false;
        }

        try
        {
            _stop.Token.ThrowIfCancellationRequested();
            int document = Array.BinarySearch(_starts, at);
            document = document >= 0 ? LastStartingAt(document) : ~document - 1;
            int chunk = at - _starts[document];
            AnalysedChunk analysed = _analyzer.AnalyseChunk(_documents[document][chunk], _languages[document].Value[chunk], _labels);
            lock (_gate)
            {
                _analysed[at] = analysed;
                Monitor.PulseAll(_gate);
            }
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                _failure ??= ex;
                Monitor.PulseAll(_gate);
            }
        }

        return true;
    }

    /// <summary>The last document starting at the same flat position as <paramref name="document"/> (documents before it may hold no chunks).</summary>
    private int LastStartingAt(int document)
    {
        while (document + 1 < _starts.Length && _starts[document + 1] == _starts[document])
        {
            document++;
        }

        return document;
    }
}
