// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using Rag.TestUtilities;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Rag.Connectors.Tesseract.Tests;

/// <summary>
/// Makes scanned documents inside the test: known text is typeset into a PDF (PdfPig), rendered to an image by poppler's
/// pdftoppm, and the image wrapped in a new PDF page with no text layer, as a scanner writes it.
/// </summary>
internal static class ScannedDocuments
{
    public static readonly string[] PageOne =
    [
        "The lighthouse keeper recorded every storm in a",
        "leather notebook. In the winter of that year he",
        "counted forty gales and two shipwrecks near the",
        "northern reef, and he repaired the lamp twice.",
    ];

    public static readonly string[] PageTwo =
    [
        "Supplies arrived by boat on the first Monday of",
        "each month: flour, lamp oil, coffee and letters.",
        "When the sea was too rough the boat waited in the",
        "harbour, and the keeper rationed his candles.",
    ];

    public static readonly string[] SpanishPage =
    [
        "Los pescadores reparaban sus redes en el muelle",
        "cada mañana, antes de que llegaran las barcas",
        "del norte cargadas de sardinas y de sal.",
    ];

    /// <summary>Skips the test when Tesseract or pdftoppm is absent, or fails it when CI=true.</summary>
    public static void RequireTools()
    {
        foreach (string tool in new[] { "tesseract", "pdftoppm" })
        {
            string? found = FindOnPath(tool);
            TestEnvironment.RequireResource(found ?? $"{tool} on PATH (apt-get install tesseract-ocr tesseract-ocr-eng poppler-utils)");
        }
    }

    /// <summary>A PDF whose pages hold the given lines as real text (a text layer).</summary>
    public static byte[] TextPdf(params string[][] pages)
    {
        var builder = new PdfDocumentBuilder();
        PdfDocumentBuilder.AddedFont font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (string[] lines in pages)
        {
            PdfPageBuilder page = builder.AddPage(595, 842);
            for (int i = 0; i < lines.Length; i++)
            {
                page.AddText(lines[i], 16, new PdfPoint(60, 760 - (i * 24)), font);
            }
        }

        return builder.Build();
    }

    /// <summary>Renders one page of a PDF to an image file's bytes with pdftoppm (<c>png</c>, <c>jpeg</c> or <c>tiff</c>).</summary>
    public static byte[] Render(byte[] pdf, int page = 1, string format = "png", int dpi = 300)
    {
        using var folder = new TemporaryDirectory();
        string input = Path.Combine(folder.Path, "in.pdf");
        string output = Path.Combine(folder.Path, "out");
        File.WriteAllBytes(input, pdf);
        var start = new ProcessStartInfo("pdftoppm") { RedirectStandardError = true };
        foreach (string argument in new[] { "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", page.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l", page.ToString(System.Globalization.CultureInfo.InvariantCulture), "-" + format, "-singlefile", input, output })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"pdftoppm failed: {error}");
        return File.ReadAllBytes(Directory.GetFiles(folder.Path, "out.*").Single());
    }

    /// <summary>A PDF whose pages are images only (null entries are text pages with the given lines instead).</summary>
    public static byte[] ScannedPdf(params (byte[]? Png, string[]? Text)[] pages)
    {
        var builder = new PdfDocumentBuilder();
        PdfDocumentBuilder.AddedFont font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach ((byte[]? png, string[]? text) in pages)
        {
            PdfPageBuilder page = builder.AddPage(595, 842);
            if (png is not null)
            {
                page.AddPng(png, new PdfRectangle(0, 0, 595, 842));
            }

            for (int i = 0; i < (text?.Length ?? 0); i++)
            {
                page.AddText(text![i], 16, new PdfPoint(60, 760 - (i * 24)), font);
            }
        }

        return builder.Build();
    }

    /// <summary>The scan of <paramref name="lines"/>: typeset, then rendered at 300 dpi.</summary>
    public static byte[] Scan(string[] lines, string format = "png") => Render(TextPdf(lines), 1, format);

    /// <summary>Character accuracy: 1 − (edit distance / expected length), over whitespace-normalised text.</summary>
    public static double CharacterAccuracy(string expected, string actual)
    {
        string a = Normalize(expected);
        string b = Normalize(actual);
        // distance[i, j]: edits turning the first i characters of a into the first j of b.
        int[,] distance = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            for (int j = 0; j <= b.Length; j++)
            {
                distance[i, j] = i == 0 || j == 0
                    ? i + j
                    : Math.Min(distance[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), Math.Min(distance[i - 1, j], distance[i, j - 1]) + 1);
            }
        }

        return 1 - ((double)distance[a.Length, b.Length] / a.Length);
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
}
