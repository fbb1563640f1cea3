// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Rag.Connectors.Postgres.Search;

/// <summary>
/// Okapi BM25 over a weighted <c>tsvector</c> column, computed as SQLite FTS5's <c>bm25()</c> computes it: k1 = 1.2,
/// b = 0.75, IDF = ln((N - n + 0.5) / (n + 0.5)) floored at 1e-6, summed over the query terms; a term's frequency is
/// the sum of the label weights of its positions. So both stores rank keywords alike. Document length is the number of
/// distinct lexemes (<c>length(tsvector)</c>), read without unpacking the vector.
/// </summary>
/// <remarks>
/// One statement. The GIN index finds the rows matching any term; each is unpacked once (<c>|| ''::tsvector</c> behind
/// an <c>OFFSET 0</c> fence), and each term's weighted frequency in it is <c>ts_rank_cd(weights, row, term, 0)</c>: with a
/// one-term query every occurrence is a cover of its own, so cover density is exactly the sum of the occurrences' weights.
/// Each term's document frequency is counted over that same match set (every row holding a term matches), so no second
/// scan is needed; the filter applies after that count, so IDF is the corpus's. The corpus size and average length come
/// from <see cref="KeywordStatistics"/>.
/// </remarks>
internal sealed class Bm25Ranking
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly string _table;
    private readonly string _idColumn;
    private readonly string _searchColumn;
    private readonly float[] _rankWeights;
    private readonly double _weightScale;
    private readonly string? _configurationTable;

    /// <param name="table">The quoted, qualified table.</param>
    /// <param name="idColumn">The quoted <c>bigint</c> row id column.</param>
    /// <param name="searchColumn">The quoted <c>tsvector</c> column.</param>
    /// <param name="labelWeights">The BM25 weights of the labels A, B, C and D (not negative, one at least positive).</param>
    /// <param name="configurationTable">
    /// The quoted, qualified table whose <c>name</c> column lists the text search configurations the rows were analysed
    /// with; each query term then matches its form in every one of them. <see langword="null"/>: one configuration, given to <see cref="Command"/>.
    /// </param>
    public Bm25Ranking(string table, string idColumn, string searchColumn, double[] labelWeights, string? configurationTable = null)
    {
        _table = table;
        _idColumn = idColumn;
        _searchColumn = searchColumn;
        _configurationTable = configurationTable;

        // ts_rank_cd takes weights in [0, 1], ordered {D, C, B, A}: scale them down, and the frequencies back up.
        _weightScale = labelWeights.Max();
        _rankWeights = [.. labelWeights.Reverse().Select(w => (float)(w / _weightScale))];
        Statistics = new KeywordStatistics(table, searchColumn);
    }

    /// <summary>Gets the corpus statistics of the table.</summary>
    public KeywordStatistics Statistics { get; }

    /// <summary>
    /// The statement ranking the rows that match any of <paramref name="terms"/> (each normalised by the text search
    /// <paramref name="configuration"/>, or the OR of its forms in each configuration of the configuration table, when
    /// there is one; stopwords match nothing) and pass <paramref name="filter"/> (<c>AND …</c> conditions on the table
    /// aliased <c>c</c>, or empty), best first, as (row id, score). Only positions labelled <paramref name="label"/> count when it is given.
    /// </summary>
    public NpgsqlBatchCommand Command(
        string? configuration, IReadOnlyList<string> terms, char? label, (double Count, double AverageLength) statistics, int top, string filter, params NpgsqlParameter[] filterParameters)
    {
        ArgumentOutOfRangeException.ThrowIfZero(terms.Count);
        int[] t = [.. Enumerable.Range(0, terms.Count)];
        string K(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        var sql = new StringBuilder();
        sql.Append("WITH q AS (SELECT ").AppendJoin(", ", t.Select(i => $"{TermQuery(i)} AS q{i}")).Append("),\n");
        sql.Append(CultureInfo.InvariantCulture, $"f AS (SELECT c.{_idColumn} AS id, c.{_searchColumn} || ''::tsvector AS search FROM {_table} c, q WHERE c.{_searchColumn} @@ (")
            .AppendJoin(" || ", t.Select(i => $"q.q{i}")).Append(") OFFSET 0),\n");
        sql.Append("m AS (SELECT f.id, length(f.search)::float8 AS dl, ")
            .AppendJoin(", ", t.Select(i => $"CASE WHEN numnode(q.q{i}) = 0 THEN 0 ELSE ts_rank_cd(@bm_w, f.search, q.q{i}, 0) * {K(_weightScale)} END AS tf{i}"))
            .Append(" FROM f, q),\n");
        sql.Append("d AS (SELECT m.*, ").AppendJoin(", ", t.Select(i => $"count(*) FILTER (WHERE tf{i} > 0) OVER () AS df{i}")).Append(" FROM m)\n");
        sql.Append("SELECT d.id, ")
            .AppendJoin(" + ", t.Select(i =>
                $"(CASE WHEN tf{i} > 0 THEN greatest(ln((@bm_n - df{i} + 0.5) / (df{i} + 0.5)), 1e-6) * tf{i} * {K(K1 + 1)} / (tf{i} + {K(K1)} * (1 - {K(B)} + {K(B)} * dl / @bm_avgdl)) ELSE 0 END)"))
            .Append(" AS score FROM d");
        if (filter.Length > 0)
        {
            sql.Append(CultureInfo.InvariantCulture, $" WHERE d.id IN (SELECT c.{_idColumn} FROM {_table} c WHERE TRUE{filter})");
        }

        sql.Append(" ORDER BY score DESC, d.id LIMIT @bm_k;");
        var command = new NpgsqlBatchCommand(sql.ToString());
        NpgsqlParameterCollection parameters = command.Parameters;
        if (_configurationTable is null)
        {
            parameters.Add(new NpgsqlParameter("bm_cfg", NpgsqlDbType.Text) { Value = configuration });
        }

        for (int i = 0; i < terms.Count; i++)
        {
            parameters.Add(new NpgsqlParameter("bm_t" + i.ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Text) { Value = terms[i] });
        }

        parameters.Add(new NpgsqlParameter("bm_label", NpgsqlDbType.Text) { Value = label is char l ? ":" + l : string.Empty });
        parameters.Add(new NpgsqlParameter("bm_w", NpgsqlDbType.Array | NpgsqlDbType.Real) { Value = _rankWeights });
        parameters.Add(new NpgsqlParameter("bm_n", NpgsqlDbType.Double) { Value = statistics.Count });
        parameters.Add(new NpgsqlParameter("bm_avgdl", NpgsqlDbType.Double) { Value = Math.Max(statistics.AverageLength, 1) });
        parameters.Add(new NpgsqlParameter("bm_k", NpgsqlDbType.Integer) { Value = top });
        parameters.AddRange(filterParameters);
        return command;
    }

    /// <summary>
    /// The <c>tsquery</c> of term <paramref name="i"/>: normalised by the one configuration, or the OR of its non-empty
    /// forms in each listed configuration (rebuilt from their text, which round-trips exactly; empty when all are stopwords).
    /// </summary>
    private string TermQuery(int i) => _configurationTable is null
        ? $"to_tsquery(@bm_cfg::regconfig, quote_literal(@bm_t{i}) || @bm_label)"
        : $"(SELECT coalesce(string_agg(DISTINCT '(' || forms.q::text || ')', ' | '), '')::tsquery FROM (SELECT to_tsquery(l.name::regconfig, quote_literal(@bm_t{i}) || @bm_label) AS q FROM {_configurationTable} l) forms WHERE numnode(forms.q) > 0)";
}
