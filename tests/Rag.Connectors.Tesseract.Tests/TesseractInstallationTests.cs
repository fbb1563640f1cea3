// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Tesseract.Tests;

public class TesseractInstallationTests
{
    [Fact]
    public void Resolve_NoneConfigured_UsesEnglishFirstThenTheOtherInstalledLanguages() =>
        Assert.Equal("eng+deu+spa", TesseractInstallation.Resolve([], [], ["spa", "eng", "deu"]));

    [Fact]
    public void Resolve_Configured_UsesThemInOrder() =>
        Assert.Equal("spa+eng", TesseractInstallation.Resolve(["spa", " eng ", "spa"], ["deu"], ["eng", "spa", "deu"]));

    [Fact]
    public void Resolve_PreferredInstalled_UsesEnglishAndThemInsteadOfEveryInstalledLanguage() =>
        Assert.Equal("eng+spa", TesseractInstallation.Resolve([], ["spa", "eng"], ["deu", "eng", "fra", "spa"]));

    [Fact]
    public void Resolve_PreferredNotInstalled_FallsBackToEnglishAlone() =>
        Assert.Equal("eng", TesseractInstallation.Resolve([], ["spa"], ["deu", "eng"]));

    [Fact]
    public void Resolve_NotInstalled_ThrowsNamingTheDebianPackages()
    {
        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => TesseractInstallation.Resolve(["chi_sim", "spa"], [], ["eng"]));

        Assert.Contains("not installed: chi_sim, spa (installed: eng)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install tesseract-ocr-chi-sim tesseract-ocr-spa", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_EnglishNotInstalled_ThrowsNamingItsPackage()
    {
        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => TesseractInstallation.Resolve([], [], []));

        Assert.Contains("apt-get install tesseract-ocr-eng", ex.Message, StringComparison.Ordinal);
    }
}
