// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Rag.Connectors.Tesseract;

/// <summary>The installed Tesseract: its version and the languages it will recognise, checked against the configured ones.</summary>
/// <param name="Version">The version line (<c>tesseract 5.3.0</c>), part of every cache key.</param>
/// <param name="Languages">The languages passed to <c>-l</c>, joined with '+'.</param>
internal sealed record TesseractInstallation(string Version, string Languages)
{
    /// <summary>What to install when Tesseract is missing.</summary>
    public const string InstallHint = "Tesseract OCR is not installed: install it with 'apt-get install tesseract-ocr tesseract-ocr-eng' (or set TesseractOptions.ExecutablePath)";

    private static readonly TimeSpan s_queryTimeLimit = TimeSpan.FromSeconds(30);

    /// <summary>Asks the executable for its version and installed languages and resolves the languages to use.</summary>
    /// <exception cref="InvalidOperationException">Tesseract is missing, or a language is not installed; the message names the package.</exception>
    public static async Task<TesseractInstallation> DetectAsync(TesseractOptions options, CancellationToken cancellationToken)
    {
        ExternalProcess.Result version = await ExternalProcess.RunAsync(options.ExecutablePath, ["--version"], s_queryTimeLimit, InstallHint, TesseractOcrEngine.Environment, cancellationToken).ConfigureAwait(false);
        string versionLine = (Encoding.UTF8.GetString(version.Output) + "\n" + version.Error).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("tesseract ", StringComparison.OrdinalIgnoreCase)) ?? string.Empty;
        if (version.ExitCode != 0 || versionLine.Length == 0)
        {
            throw new InvalidOperationException($"{InstallHint} ('{options.ExecutablePath} --version' did not print a Tesseract version).");
        }

        ExternalProcess.Result list = await ExternalProcess.RunAsync(options.ExecutablePath, ["--list-langs"], s_queryTimeLimit, InstallHint, TesseractOcrEngine.Environment, cancellationToken).ConfigureAwait(false);
        string[] installed = [.. Encoding.UTF8.GetString(list.Output).Split('\n').Skip(1).Select(l => l.Trim()).Where(l => l.Length > 0 && l != "osd")];
        return new TesseractInstallation(versionLine, Resolve(options.Languages, options.PreferredLanguages, installed));
    }

    /// <summary>
    /// The configured languages; else English and the preferred ones that are installed; else English and every other installed
    /// one; checked against those installed.
    /// </summary>
    /// <exception cref="InvalidOperationException">A configured language (or English) is not installed.</exception>
    internal static string Resolve(IList<string> configured, IList<string> preferred, IReadOnlyCollection<string> installed)
    {
        List<string> wanted = configured.Count > 0 ? [.. Clean(configured)]
            : preferred.Count > 0 ? ["eng", .. Clean(preferred).Where(l => l != "eng" && installed.Contains(l))]
            : ["eng", .. installed.Where(l => l != "eng").Order(StringComparer.Ordinal)];
        string[] absent = [.. wanted.Where(l => !installed.Contains(l))];
        if (absent.Length > 0)
        {
            string packages = string.Join(' ', absent.Select(l => "tesseract-ocr-" + l.ToLowerInvariant().Replace('_', '-')));
            string have = installed.Count == 0 ? "none" : string.Join(", ", installed);
            throw new InvalidOperationException($"Tesseract language data not installed: {string.Join(", ", absent)} (installed: {have}); install it with 'apt-get install {packages}' or change TesseractOptions.Languages.");
        }

        return string.Join('+', wanted);
    }

    private static IEnumerable<string> Clean(IEnumerable<string> languages) =>
        languages.Select(l => l.Trim()).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal);
}
