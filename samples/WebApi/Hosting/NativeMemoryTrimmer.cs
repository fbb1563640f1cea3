// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Runtime.InteropServices;

namespace Rag.WebApi.Hosting;

/// <summary>
/// Hands the native memory the process has freed back to the operating system (glibc's <c>malloc_trim</c>). ONNX Runtime,
/// llama.cpp and SQLite free their working memory after each call, but glibc keeps freed blocks in its per-thread arenas:
/// after a burst of concurrent requests the service stayed ~300 MiB above its baseline for good until trimmed.
/// </summary>
internal static class NativeMemoryTrimmer
{
    private static readonly bool s_available = OperatingSystem.IsLinux() && Probe();

    /// <summary>Gets a value indicating whether trimming works here (Linux with glibc; not musl, Windows or macOS).</summary>
    public static bool IsAvailable => s_available;

    /// <summary>Trims every malloc arena; returns whether memory was released.</summary>
    public static bool Trim() => s_available && MallocTrim(0) == 1;

    private static bool Probe()
    {
        try
        {
            MallocTrim(0);
            return true;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
