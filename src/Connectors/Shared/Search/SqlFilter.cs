// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Rag.Connectors.Search;

/// <summary>A predicate over a collection table's columns, as SQL with its parameters.</summary>
/// <param name="Sql">The predicate (a WHERE clause without the keyword).</param>
/// <param name="Parameters">The parameters it uses, by name (with the store's prefix, <c>$</c> or <c>@</c>).</param>
internal sealed record SqlFilter(string Sql, IReadOnlyList<KeyValuePair<string, object?>> Parameters);
