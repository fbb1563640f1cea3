// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.TestUtilities;

/// <summary>A uniquely named folder under the system temp folder, deleted on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    /// <summary>Initializes a new instance of the <see cref="TemporaryDirectory"/> class.</summary>
    public TemporaryDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rag-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>Gets the folder's full path.</summary>
    public string Path { get; }

    /// <summary>Writes a UTF-8 text file under the folder, creating subfolders, and returns its full path.</summary>
    /// <param name="relativePath">The path relative to the folder.</param>
    /// <param name="content">The text.</param>
    /// <returns>The full path.</returns>
    public string WriteFile(string relativePath, string content)
    {
        string full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing test; the OS temp cleaner takes it.
        }
    }
}
