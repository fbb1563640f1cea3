// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using Rag.TestUtilities;

namespace Rag.Cli.Tests;

/// <summary>
/// <c>model quantize</c> on the real snowflake-arctic-embed-xs fp32 model (the fp32 file the build copies beside
/// rag-cli.dll): a passing int8 copy, and the refusal when the quality gate cannot be met.
/// </summary>
public sealed class ModelQuantizeCommandTests
{
    private static string ArcticModel => CliProcess.BuiltInModelFile("ArcticXs", "model.onnx");

    [Fact]
    public async Task Quantize_ArcticModel_WritesSmallerInt8ModelWithinTheQualityGate()
    {
        using var temp = new TemporaryDirectory();
        string output = Path.Combine(temp.Path, "arctic.int8.onnx");

        CliResult result = (await CliProcess.RunAsync(temp.Path, ["model", "quantize", ArcticModel, output, "--pooling", "cls", "--json"])).AssertExitCode(0);

        using var json = System.Text.Json.JsonDocument.Parse(result.StandardOutput);
        double meanCosine = json.RootElement.GetProperty("meanCosine").GetDouble();
        Assert.True(meanCosine >= 0.995, $"mean cosine {meanCosine.ToString(CultureInfo.InvariantCulture)}");
        Assert.True(json.RootElement.GetProperty("matMulsQuantized").GetInt32() > 0);
        Assert.True(File.Exists(output));
        Assert.True(new FileInfo(output).Length < new FileInfo(ArcticModel).Length / 2, "The int8 model should be less than half the fp32 size.");
    }

    [Fact]
    public async Task Quantize_GateCannotBeMet_RefusesWithFiguresAndWritesNothing()
    {
        using var temp = new TemporaryDirectory();
        string output = Path.Combine(temp.Path, "refused.onnx");

        CliResult result = (await CliProcess.RunAsync(temp.Path, ["model", "quantize", ArcticModel, output, "--pooling", "cls", "--min-cosine", "1.0"])).AssertExitCode(5);

        Assert.Contains("cosine", result.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Quantize_InputMissing_ExitsNotFound()
    {
        using var temp = new TemporaryDirectory();

        CliResult result = (await CliProcess.RunAsync(temp.Path, ["model", "quantize", Path.Combine(temp.Path, "missing.onnx"), Path.Combine(temp.Path, "out.onnx")])).AssertExitCode(3);

        Assert.Contains("missing.onnx", result.StandardError, StringComparison.Ordinal);
    }
}
