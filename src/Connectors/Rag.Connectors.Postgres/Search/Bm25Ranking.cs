// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Linq;
using Npgsql;
using NpgsqlTypes;

namespace Rag.Connectors.Postgres.Search;

/// <summary>
/// Okapi BM25 over a weighted <c>tsvector</c> column, computed the way SQLite FTS5's <c>bm25()</c> computes it (k1 = 1.2,
/// b = 0.75, IDF = ln((N - n + 0.5) / (n + 0.5)) floored at 1e-6, term frequency = the sum of the label weights of the
/// term's positions, document length = its number of positions), so both stores rank keywords alike.
/// </summary>
/// <remarks>
/// One statement: the GIN index finds the rows matching any term; each term's document frequency is counted over that
/// same match set (every row holding the term matches), so no second scan is needed. The corpus size and average length
/// come from <see cref="KeywordStatistics"/>, refreshed at most every <see cref="KeywordStatistics.MaxAge"/>.
/// </remarks>
internal sealed class Bm25Ranking
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly string _table;
    private readonly string _idColumn;
    private readonly string _searchColumn;
    private readonly double[] _labelWeights;

    /// <param name="table">The quoted, qualified table.</param>
    /// <param name="idColumn">The quoted <c>bigint</c> row id column.</param>
    /// <param name="searchColumn">The quoted <c>tsvector</c> column.</param>
    /// <param name="labelWeights">The weights of the labels A, B, C and D.</param>
    public Bm25Ranking(string table, string idColumn, string searchColumn, double[] labelWeights)
    {
        _table = table;
        _idColumn = idColumn;
        _searchColumn = searchColumn;
        _labelWeights = labelWeights;
        Statistics = new KeywordStatistics(table, searchColumn);
    }

    /// <summary>Gets the corpus statistics of the table.</summary>
    public KeywordStatistics Statistics { get; }

    /// <summary>
    /// The statement ranking the rows that match any of the space-separated <paramref name="text"/> terms (normalised by the
    /// text search configuration) and pass <paramref name="filter"/> (a condition on the table aliased <c>c</c>), best
    /// first, as (row id, score). Only positions of <paramref name="label"/> count when it is given.
    /// </summary>
    public NpgsqlBatchCommand Command(string configuration, string text, char? label, (double Count, double AverageLength) statistics, int top, string filter, params NpgsqlParameter[] filterParameters)
    {
        double[] weights = label is char only ? [.. "ABCD".Select(l => l == only ? _labelWeights["ABCD".IndexOf(l, StringComparison.Ordinal)] : 0)] : _labelWeights;
        var command = new NpgsqlBatchCommand(string.Create(
            CultureInfo.InvariantCulture,
            $"""
            WITH terms AS (
                SELECT array_agg(DISTINCT t.lexeme) AS lexemes, string_agg(DISTINCT quote_literal(t.lexeme) || @bm_label, ' | ')::tsquery AS query
                FROM unnest(to_tsvector(@bm_cfg::regconfig, @bm_text)) t),
            matches AS (
                SELECT c.{_idColumn} AS id, c.{_searchColumn} AS search FROM {_table} c, terms WHERE c.{_searchColumn} @@ terms.query),
            hits AS (
                SELECT m.id, u.lexeme, d.dl, (SELECT sum(@bm_w[strpos('ABCD', w)]) FROM unnest(u.weights) w) AS tf
                FROM matches m, terms,
                     LATERAL (SELECT coalesce(sum(array_length(a.positions, 1)), 0) AS dl FROM unnest(m.search) a) d,
                     unnest(m.search) u
                WHERE u.lexeme = ANY(terms.lexemes)),
            scored AS (
                SELECT id, tf, dl, count(*) OVER (PARTITION BY lexeme) AS df FROM hits WHERE tf > 0)
            SELECT s.id, sum(greatest(ln((@bm_n - s.df + 0.5) / (s.df + 0.5)), 1e-6) * s.tf * {K1 + 1:R} / (s.tf + {K1:R} * (1 - {B:R} + {B:R} * s.dl / @bm_avgdl))) AS score
            FROM scored s{(filter.Length == 0 ? string.Empty : $" WHERE s.id IN (SELECT c.{_idColumn} FROM {_table} c WHERE TRUE{filter})")}
            GROUP BY s.id ORDER BY score DESC, s.id LIMIT @bm_k;
            """));
        NpgsqlParameterCollection parameters = command.Parameters;
        parameters.Add(new NpgsqlParameter("bm_cfg", NpgsqlDbType.Text) { Value = configuration });
        parameters.Add(new NpgsqlParameter("bm_text", NpgsqlDbType.Text) { Value = text });
        parameters.Add(new NpgsqlParameter("bm_label", NpgsqlDbType.Text) { Value = label is char l ? ":" + l : string.Empty });
        parameters.Add(new NpgsqlParameter("bm_w", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = weights });
        parameters.Add(new NpgsqlParameter("bm_n", NpgsqlDbType.Double) { Value = statistics.Count });
        parameters.Add(new NpgsqlParameter("bm_avgdl", NpgsqlDbType.Double) { Value = Math.Max(statistics.AverageLength, 1) });
        parameters.Add(new NpgsqlParameter("bm_k", NpgsqlDbType.Integer) { Value = top });
        parameters.AddRange(filterParameters);
        return command;
    }
}
