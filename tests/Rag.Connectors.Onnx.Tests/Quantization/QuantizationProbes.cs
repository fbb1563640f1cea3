// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Onnx.Tests.Quantization;

/// <summary>The tests' own fixed probe set (independent of the quantizer's built-in one), short inputs included.</summary>
internal static class QuantizationProbes
{
    public static readonly string[] Sentences =
    [
        .. ParityTests.Sentences,
        "hi", "tax", "refund policy", "GPU memory", "why?", "Berlin",
        "What are the symptoms of vitamin B12 deficiency?",
        "how long does the warranty last",
        "Beta blockers lower heart rate and blood pressure by blocking the effects of adrenaline on beta-adrenergic receptors; "
            + "they are used after myocardial infarction and in heart failure, but can worsen bronchospasm in asthma.",
    ];

    public static (double Mean, double Min) Compare(float[][] expected, float[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double[] cosines = [.. expected.Select((e, i) => (double)BuiltInModels.Cosine(e, actual[i]))];
        return (cosines.Average(), cosines.Min());
    }
}
