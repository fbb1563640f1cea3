// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag.Connectors.Onnx;

/// <summary>Thrown when a quantized model fails the quality gate of <see cref="OnnxModelQuantizer"/>; no output file is written.</summary>
public sealed class OnnxQuantizationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="OnnxQuantizationException"/> class.</summary>
    public OnnxQuantizationException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OnnxQuantizationException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public OnnxQuantizationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OnnxQuantizationException"/> class with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public OnnxQuantizationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OnnxQuantizationException"/> class with the figures of the refused model.</summary>
    /// <param name="message">The message, which names the figures and thresholds.</param>
    /// <param name="report">The figures of the refused quantization.</param>
    public OnnxQuantizationException(string message, OnnxQuantizationReport report)
        : base(message)
    {
        Report = report;
    }

    /// <summary>Gets the figures of the refused quantization; <see langword="null"/> when constructed without them.</summary>
    public OnnxQuantizationReport? Report { get; }

    /// <summary>Gets the mean cosine similarity the refused model reached; <see cref="double.NaN"/> without a report.</summary>
    public double MeanCosine => Report?.MeanCosine ?? double.NaN;

    /// <summary>Gets the lowest cosine similarity the refused model reached; <see cref="double.NaN"/> without a report.</summary>
    public double MinCosine => Report?.MinCosine ?? double.NaN;
}
