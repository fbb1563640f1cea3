// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;

namespace Rag.WebApi.Tests;

/// <summary>One Server-Sent Event as read off the wire.</summary>
public sealed record ServerSentEvent(string Event, JsonElement Data)
{
    /// <summary>Reads events from a <c>text/event-stream</c> body until it ends, or until <paramref name="stopAfter"/> returns <see langword="true"/>.</summary>
    public static async Task<List<ServerSentEvent>> ReadAsync(Stream body, Func<ServerSentEvent, bool>? stopAfter, CancellationToken cancellationToken)
    {
        var events = new List<ServerSentEvent>();
        using var reader = new StreamReader(body, leaveOpen: true); // the caller decides when the connection ends
        string name = "message";
        var data = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    var item = new ServerSentEvent(name, JsonSerializer.Deserialize<JsonElement>(string.Join('\n', data)));
                    events.Add(item);
                    if (stopAfter?.Invoke(item) == true)
                    {
                        break;
                    }
                }

                (name, data) = ("message", []);
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line["event:".Length..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Add(line["data:".Length..].TrimStart());
            }
        }

        return events;
    }
}
