// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.IO;

namespace Rag.Connectors.Onnx;

/// <summary>
/// Where a built-in model's files are: <c>rag-models/&lt;folder&gt;/</c> in the application's folder, copied there by the
/// model's own package (<c>Rag.Connectors.Onnx.Models.&lt;folder&gt;</c>), so an app carries only the models it references.
/// </summary>
internal sealed record BuiltInModelFiles(string Folder, string ModelId)
{
    /// <summary>The folder below the application's base directory that holds one sub-folder per built-in model.</summary>
    internal const string RootFolder = "rag-models";

    /// <summary>Gets the NuGet package that installs the model.</summary>
    public string PackageId => $"Rag.Connectors.Onnx.Models.{Folder}";

    /// <summary>Gets the folder the files are read from.</summary>
    public string Directory => Path.Combine(AppContext.BaseDirectory, RootFolder, Folder);

    /// <summary>Returns the full path of one of the model's files, or throws naming the package to add when it is absent.</summary>
    /// <exception cref="FileNotFoundException">The file is not in the application's folder: the model's package is not referenced.</exception>
    public string Require(string file)
    {
        string path = Path.Combine(Directory, file);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"The built-in embedding model {ModelId} is not installed: '{path}' does not exist. Add its package to the application "
                + $"(dotnet add package {PackageId}); it copies the model into {RootFolder}/{Folder}/ of the output folder.", path);
    }
}
