// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.ComponentModel;
using Microsoft.Extensions.AI;

namespace Rag.Connectors.LlamaSharp.Tests.Tools;

internal static class SampleTools
{
    public enum Unit
    {
        Celsius,
        Fahrenheit,
    }

    public static AIFunction Weather { get; } = AIFunctionFactory.Create(
        ([Description("The city")] string city, Unit unit, int days = 1) => $"{city}: sunny for {days} day(s) in {unit}",
        "get_weather",
        "Gets the weather forecast for a city.");

    public static AIFunction Search { get; } = AIFunctionFactory.Create(
        (string query, bool exact) => $"results for {query} (exact: {exact})",
        "search_documents",
        "Searches the handbook.");

    public static AIFunction Clock { get; } = AIFunctionFactory.Create(() => "12:00", "get_time", "Gets the time.");

    public static IReadOnlyList<AIFunctionDeclaration> All { get; } = [Weather, Search, Clock];
}
