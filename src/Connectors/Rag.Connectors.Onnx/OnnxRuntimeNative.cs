// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.ML.OnnxRuntime;

namespace Rag.Connectors.Onnx;

/// <summary>
/// The first touch of ONNX Runtime's native library, turned into a clear message when the application has not
/// referenced a native runtime package (this connector references only the managed API, so that the app picks CPU or GPU).
/// </summary>
internal static class OnnxRuntimeNative
{
    internal const string MissingMessage =
        "ONNX Runtime's native library (onnxruntime) could not be loaded. Add a native runtime package to the application: "
        + "'dotnet add package Microsoft.ML.OnnxRuntime' (CPU) or 'Microsoft.ML.OnnxRuntime.Gpu' (CUDA), at the version of "
        + "Microsoft.ML.OnnxRuntime.Managed that Rag.Connectors.Onnx references.";

    /// <summary>Creates session options, which loads the native library on first use.</summary>
    /// <exception cref="InvalidOperationException">The native library is missing or does not match the managed API; the message names the package to add.</exception>
    public static SessionOptions CreateSessionOptions()
    {
        try
        {
            return new SessionOptions();
        }
        catch (Exception ex) when (IsNativeLoadFailure(ex))
        {
            throw new InvalidOperationException(MissingMessage, ex);
        }
    }

    private static bool IsNativeLoadFailure(Exception ex) => ex switch
    {
        DllNotFoundException or EntryPointNotFoundException or BadImageFormatException => true,
        TypeInitializationException { InnerException: { } inner } => IsNativeLoadFailure(inner),
        _ => false,
    };
}
