// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Connectors.Pdf.Ocr;

namespace Rag.Connectors.Pdf.Tests;

public class PdfTextLayerTests
{
    [Theory]
    [InlineData("Quarterly report for the northern region.")]
    [InlineData("Año 2024: café, naïve, Größe — 12,5 %")]
    [InlineData("第一章 概要")]
    public void IsUsable_RealText_IsUsable(string text) => Assert.True(PdfTextLayer.IsUsable(text));

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    [InlineData("\uE001\uE002\uE003 \uE004\uE005")]
    [InlineData("\u0003\u0004\u0005\u0006 abc")]
    [InlineData("Report \uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD")]
    [InlineData("?????? ?? ????? □□□□")]
    public void IsUsable_NoTextOrGarbage_IsNotUsable(string text) => Assert.False(PdfTextLayer.IsUsable(text));
}
