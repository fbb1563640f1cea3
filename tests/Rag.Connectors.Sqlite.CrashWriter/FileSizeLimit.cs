// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Runtime.InteropServices;

/// <summary>Lifts this process's soft file-size limit (RLIMIT_FSIZE) to its hard limit: "space returns" for a running writer.</summary>
internal static partial class FileSizeLimit
{
    private const int ResourceFileSize = 1; // RLIMIT_FSIZE on Linux

    /// <summary>Raises the soft limit to the hard limit; throws when the system refuses.</summary>
    public static void Lift()
    {
        if (GetLimit(ResourceFileSize, out Limit limit) != 0)
        {
            throw new InvalidOperationException($"getrlimit failed (errno {Marshal.GetLastPInvokeError()}).");
        }

        var lifted = new Limit { Current = limit.Maximum, Maximum = limit.Maximum };
        if (SetLimit(ResourceFileSize, in lifted) != 0)
        {
            throw new InvalidOperationException($"setrlimit failed (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetLimit(int resource, out Limit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetLimit(int resource, in Limit limit);

    [StructLayout(LayoutKind.Sequential)]
    private struct Limit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
