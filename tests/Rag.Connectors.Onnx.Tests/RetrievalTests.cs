// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Onnx.Tests;

/// <summary>Retrieval sanity with the default model: queries embedded as queries find their passage among 20.</summary>
public sealed class RetrievalTests
{
    private static readonly (string Query, string Passage)[] s_pairs =
    [
        ("How many vacation days do new employees get?", "New employees receive fifteen days of paid vacation per year, rising to twenty after five years of service."),
        ("What is the deadline for submitting expense reports?", "Expense reports must be filed in the finance portal no later than thirty days after the purchase."),
        ("How do I reset my password?", "To reset your password, open the sign-in page, choose 'Forgot password' and follow the link sent to your email."),
        ("When is the office closed for holidays?", "The office is closed on public holidays and between Christmas Eve and New Year's Day."),
        ("Can I work from home?", "Staff may work remotely up to three days a week with their manager's approval."),
        ("What does the parental leave policy provide?", "Parents are entitled to sixteen weeks of fully paid leave after the birth or adoption of a child."),
        ("How do I request a new laptop?", "Hardware requests, such as a replacement laptop or monitor, are made through the IT service desk."),
        ("Which health insurance plans are offered?", "The company offers two medical plans, a basic plan and a premium plan with dental and vision coverage."),
        ("How is overtime compensated?", "Hours worked beyond forty per week are paid at one and a half times the regular hourly rate."),
        ("What is the dress code?", "Business casual attire is expected in the office; jeans are allowed on Fridays."),
        ("How do plants make energy from sunlight?", "Photosynthesis converts light energy, water and carbon dioxide into glucose and oxygen in chloroplasts."),
        ("What causes the seasons on Earth?", "Seasons result from the tilt of Earth's axis, which changes how directly sunlight strikes each hemisphere over the year."),
        ("How does a vaccine protect against disease?", "A vaccine trains the immune system to recognise a pathogen, so antibodies respond quickly to a later infection."),
        ("Why is the sky blue?", "Air molecules scatter short blue wavelengths of sunlight far more than red ones, a process called Rayleigh scattering."),
        ("What is the boiling point of water at sea level?", "At standard atmospheric pressure, water boils at 100 degrees Celsius, or 212 degrees Fahrenheit."),
        ("How do I bake sourdough bread?", "Mix flour, water, salt and an active starter, let the dough ferment overnight, shape it and bake in a hot Dutch oven."),
        ("What is the capital of Australia?", "Canberra, not Sydney, was chosen as the capital of Australia as a compromise between rival cities."),
        ("How can I improve my sleep?", "Keeping a regular bedtime, avoiding caffeine late in the day and limiting screens at night help people sleep better."),
        ("What does a SQL index do?", "A database index lets the engine find rows matching a condition without scanning the whole table."),
        ("How do electric cars recharge?", "Battery electric vehicles are charged by plugging into a wall socket or a fast-charging station that supplies direct current."),
    ];

    [Fact]
    public async Task GenerateAsync_QueriesAgainstPassages_RankTheRightPassageFirstForAtLeast18Of20()
    {
        // Arrange
        var generator = BuiltInModels.Arctic;
        float[][] passages = await generator.EmbedAsync(s_pairs.Select(p => p.Passage), EmbeddingPurpose.Document);

        // Act
        float[][] queries = await generator.EmbedAsync(s_pairs.Select(p => p.Query), EmbeddingPurpose.Query);

        // Assert
        var misses = new List<string>();
        for (int q = 0; q < queries.Length; q++)
        {
            int best = Enumerable.Range(0, passages.Length).MaxBy(p => BuiltInModels.Cosine(queries[q], passages[p]));
            if (best != q)
            {
                misses.Add($"'{s_pairs[q].Query}' -> '{s_pairs[best].Passage}'");
            }
        }

        Assert.True(misses.Count <= 2, $"{20 - misses.Count}/20 ranked first; misses:\n{string.Join('\n', misses)}");
    }

    [Fact]
    public async Task GenerateAsync_QueryPurposeOnArctic_DiffersFromDocumentPurpose()
    {
        string[] text = ["What is the capital of Australia?"];

        float[] asDocument = (await BuiltInModels.Arctic.EmbedAsync(text, EmbeddingPurpose.Document))[0];
        float[] asQuery = (await BuiltInModels.Arctic.EmbedAsync(text, EmbeddingPurpose.Query))[0];

        float cosine = BuiltInModels.Cosine(asDocument, asQuery);
        Assert.InRange(cosine, 0.3f, 0.995f);
    }

    [Fact]
    public async Task GenerateAsync_QueryPurposeOnMiniLm_EqualsDocumentPurpose()
    {
        string[] text = ["What is the capital of Australia?"];

        float[] asDocument = (await BuiltInModels.MiniLm.EmbedAsync(text, EmbeddingPurpose.Document))[0];
        float[] asQuery = (await BuiltInModels.MiniLm.EmbedAsync(text, EmbeddingPurpose.Query))[0];

        Assert.Equal(asDocument, asQuery);
    }
}
