// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.Tests;

/// <summary>A small handbook page whose facts appear nowhere else, so answers citing it are unambiguous.</summary>
public static class SampleDocument
{
    public const string FileName = "cafeteria-handbook.md";

    public const string Question = "When does the Zephyr cafeteria open for breakfast?";

    /// <summary>A phrase only the answer's passage holds.</summary>
    public const string AnswerPhrase = "7:30";

    public const string Content = """
        # Zephyr campus cafeteria

        ## Opening hours

        The Zephyr cafeteria opens for breakfast at 7:30 every weekday and serves lunch from 11:45 until 14:00.
        On Saturdays it opens at 9:00 and closes at noon.

        ## Payment

        Staff pay with their badge; visitors pay by card at the till next to the salad bar.

        ## Dietary requests

        Vegan and gluten-free dishes are marked with a green leaf on the daily menu board.
        """;
}
