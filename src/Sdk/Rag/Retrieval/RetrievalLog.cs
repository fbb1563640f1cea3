// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;

namespace Rag;

/// <summary>Retrieval log messages. Query text is logged only at Trace (it may be sensitive).</summary>
internal static partial class RetrievalLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "Retrieved {Kept} of {Candidates} candidates ({BelowFloor} below the relevance floor {Floor}).")]
    public static partial void Retrieved(ILogger logger, int kept, int candidates, int belowFloor, double floor);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Trace, Message = "Search query (sensitive): {Query}")]
    public static partial void SearchQuery(ILogger logger, string query);
}
