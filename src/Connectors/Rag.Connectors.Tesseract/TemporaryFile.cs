// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.IO;

namespace Rag.Connectors.Tesseract;

/// <summary>A unique path in the temporary folder, deleted on dispose: the command-line tools read and write files.</summary>
internal sealed class TemporaryFile : IDisposable
{
    public TemporaryFile(string extension) =>
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rag-ocr-" + Guid.NewGuid().ToString("N") + extension);

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // A file still held by a killed tool is left to the system's temporary-folder cleanup.
        }
    }
}
