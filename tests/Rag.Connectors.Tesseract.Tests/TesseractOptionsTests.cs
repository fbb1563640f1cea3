// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Rag.Connectors.Tesseract.Tests;

public sealed class TesseractOptionsTests
{
    public static TheoryData<string, Action<TesseractOptions>> OutOfRange => new()
    {
        { nameof(TesseractOptions.PageTimeLimit), o => o.PageTimeLimit = TimeSpan.Zero },
        { nameof(TesseractOptions.MaxParallelPages), o => o.MaxParallelPages = 0 },
        { nameof(TesseractOptions.RenderDpi), o => o.RenderDpi = 71 },
        { nameof(TesseractOptions.RenderDpi), o => o.RenderDpi = 1201 },
        { nameof(TesseractOptions.ExecutablePath), o => o.ExecutablePath = " " },
        { nameof(TesseractOptions.Languages), o => o.Languages = null! },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void CreateEngine_OptionOutOfRange_ThrowsNamingTheField(string field, Action<TesseractOptions> change)
    {
        var options = new TesseractOptions();
        change(options); // setting a value never throws: the options are checked as a whole

        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(() => TesseractOcrFactory.CreateEngine(options));

        Assert.Equal(field, ex.ParamName);
    }

    [Fact]
    public void CreateEngine_Defaults_AreValid()
    {
        new TesseractOptions().Validate();
        Assert.NotNull(TesseractOcrFactory.CreateEngine());
    }

    [Fact]
    public void UseTesseractOcr_OptionsConfiguredInTheContainer_AreValidatedAtFirstResolve()
    {
        // Arrange: the registration's callback, then the application's own configuration of the same options.
        var services = new ServiceCollection();
        new RagBuilder(services).UseTesseractOcr(o => o.RenderDpi = 200);
        services.Configure<TesseractOptions>(o => o.RenderDpi = 20);
        using ServiceProvider provider = services.BuildServiceProvider();

        // Act
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOcrEngine>());

        // Assert
        Assert.Contains("TesseractOptions", ex.Message, StringComparison.Ordinal);
        Assert.Contains("RenderDpi", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseTesseractOcr_ValidOptionsConfiguredInTheContainer_ReachTheEngine()
    {
        var services = new ServiceCollection();
        new RagBuilder(services).UseTesseractOcr();
        services.Configure<TesseractOptions>(o => o.MaxParallelPages = 3);
        using ServiceProvider provider = services.BuildServiceProvider();

        IOcrEngine engine = provider.GetRequiredService<IOcrEngine>();

        Assert.Equal(3, engine.MaxConcurrentPages);
    }
}
