// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Rag.Ingestion;

/// <summary>
/// File names that are not valid UTF-8 on Linux (Latin-1 names from old zips, Samba shares, USB sticks). .NET decodes
/// them with U+FFFD in place of the bad bytes, and the decoded path then names no file; these helpers list and open
/// such entries by their raw bytes through libc, and name them readably and uniquely: each invalid byte as <c>%XX</c>
/// (and <c>%</c> itself as <c>%25</c>), so <c>caf\xE9.md</c> is <c>caf%E9.md</c>.
/// </summary>
internal static class UndecodableFileNames
{
    // struct dirent on 64-bit Linux (glibc and musl): d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
    private const int DirentTypeOffset = 18;
    private const int DirentNameOffset = 19;
    private const byte DirentTypeDirectory = 4;
    private const byte DirentTypeRegular = 8;

    // O_RDONLY | O_NONBLOCK | O_CLOEXEC (the same on x86-64 and arm64): a FIFO must not block the scan.
    private const int OpenFlags = 0x800 | 0x80000;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Lists the entries of a folder whose names are not valid UTF-8.</summary>
    /// <param name="directoryPath">The folder (its own path decodes).</param>
    /// <returns>Each entry's raw name and whether it is a folder (regular files and folders only: links are not followed).</returns>
    /// <exception cref="IOException">The folder cannot be listed.</exception>
    [SupportedOSPlatform("linux")]
    public static List<(byte[] Name, bool IsDirectory)> List(string directoryPath)
    {
        IntPtr directory = OpenDirectory(NullTerminated(Encoding.UTF8.GetBytes(directoryPath)));
        if (directory == IntPtr.Zero)
        {
            throw new IOException($"Could not list '{directoryPath}' (errno {Marshal.GetLastPInvokeError()}).");
        }

        var entries = new List<(byte[] Name, bool IsDirectory)>();
        try
        {
            for (IntPtr entry = ReadDirectory(directory); entry != IntPtr.Zero; entry = ReadDirectory(directory))
            {
                byte[] name = ReadName(entry + DirentNameOffset);
                if (!IsValidUtf8(name))
                {
                    byte type = Marshal.ReadByte(entry, DirentTypeOffset);
                    if (type is DirentTypeDirectory or DirentTypeRegular)
                    {
                        entries.Add((name, type == DirentTypeDirectory));
                    }
                }
            }
        }
        finally
        {
            _ = CloseDirectory(directory);
        }

        return entries;
    }

    /// <summary>Opens a file for reading by its raw path bytes.</summary>
    /// <param name="path">The full path, as bytes.</param>
    /// <param name="displayPath">The path to name in an error.</param>
    /// <returns>The open file.</returns>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    [SupportedOSPlatform("linux")]
    public static FileStream OpenRead(byte[] path, string displayPath)
    {
        int descriptor = Open(NullTerminated(path), OpenFlags);
        if (descriptor < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw errno == 13
                ? new UnauthorizedAccessException($"Access to '{displayPath}' is denied.")
                : new IOException($"Could not open '{displayPath}' (errno {errno}).");
        }

        return new FileStream(new SafeFileHandle(descriptor, ownsHandle: true), FileAccess.Read, bufferSize: 0);
    }

    /// <summary>Gets the readable, unique name of an undecodable entry: valid UTF-8 as is, each other byte as <c>%XX</c>.</summary>
    /// <param name="name">The raw name.</param>
    /// <returns>The escaped name.</returns>
    public static string Escape(ReadOnlySpan<byte> name)
    {
        var escaped = new StringBuilder(name.Length + 8);
        while (!name.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(name, out Rune rune, out int consumed) == OperationStatus.Done && rune.Value != '%')
            {
                escaped.Append(rune.ToString());
            }
            else
            {
                for (int i = 0; i < consumed; i++)
                {
                    escaped.Append('%').Append(name[i].ToString("X2", CultureInfo.InvariantCulture));
                }
            }

            name = name[consumed..];
        }

        return escaped.ToString();
    }

    private static bool IsValidUtf8(byte[] name)
    {
        try
        {
            _ = s_strictUtf8.GetCharCount(name);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static byte[] ReadName(IntPtr name)
    {
        int length = 0;
        while (Marshal.ReadByte(name, length) != 0)
        {
            length++;
        }

        byte[] bytes = new byte[length];
        Marshal.Copy(name, bytes, 0, length);
        return bytes;
    }

    private static byte[] NullTerminated(byte[] path) => [.. path, 0];

    [DllImport("libc", EntryPoint = "opendir", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr OpenDirectory(byte[] path);

    [DllImport("libc", EntryPoint = "readdir", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr ReadDirectory(IntPtr directory);

    [DllImport("libc", EntryPoint = "closedir", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int CloseDirectory(IntPtr directory);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open(byte[] path, int flags);
}
