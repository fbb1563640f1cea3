// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Runtime.Versioning;
using Rag.TestUtilities;

namespace Rag.Cli.Tests;

/// <summary>
/// A copy of an indexed folder whose index cannot be written. As root, which file permissions do not stop, the copy lies
/// on a small tmpfs that is then filled up: the full disk of a real user. Otherwise the copy is made read-only with
/// permissions: a read-only mount or shared folder. Unix only (mount, file modes).
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class UnwritableFolder : IDisposable
{
    private readonly TemporaryDirectory _root = new();
    private readonly bool _mounted;

    private UnwritableFolder(string source, bool mounted)
    {
        _mounted = mounted;
        Folder = Path.Combine(_root.Path, "docs");
        if (mounted)
        {
            Run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", _root.Path);
        }

        CopyDirectory(source, Folder);
        if (mounted)
        {
            FillDisk(Path.Combine(_root.Path, "filler"));
        }
        else
        {
            SetWritable(Folder, writable: false);
        }
    }

    /// <summary>Gets the copied folder; its index is in <c>.rag/index.db</c>.</summary>
    public string Folder { get; }

    /// <summary>Gets a description of the simulated fault, for assertion messages.</summary>
    public string Fault => _mounted ? "full disk" : "read-only folder";

    /// <summary>Copies <paramref name="indexedFolder"/> (with its index) onto an unwritable medium; skips the test when none can be made.</summary>
    public static UnwritableFolder Create(string indexedFolder)
    {
        bool root = IsRoot();
        if (root && !CanMount())
        {
            Assert.Skip("Running as root, which file permissions do not stop, and without the right to mount a tmpfs to fill up.");
        }

        return new UnwritableFolder(indexedFolder, mounted: root);
    }

    public void Dispose()
    {
        if (_mounted)
        {
            Run("umount", _root.Path);
        }
        else
        {
            SetWritable(Folder, writable: true);
        }

        _root.Dispose();
    }

    private static bool IsRoot() => Output("id", "-u").Trim() == "0";

    private static bool CanMount()
    {
        using var probe = new TemporaryDirectory();
        if (Execute("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe.Path) != 0)
        {
            return false;
        }

        Run("umount", probe.Path);
        return true;
    }

    private static void FillDisk(string path)
    {
        byte[] block = new byte[64 * 1024];
        using var filler = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
        try
        {
            while (true)
            {
                filler.Write(block);
            }
        }
        catch (IOException)
        {
            // No space left on the device: the disk is full, as intended.
        }

        block = new byte[1];
        while (true)
        {
            try
            {
                filler.Write(block);
            }
            catch (IOException)
            {
                return;
            }
        }
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    private static void SetWritable(string folder, bool writable)
    {
        UnixFileMode write = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        foreach (string entry in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Append(folder))
        {
            UnixFileMode mode = File.GetUnixFileMode(entry);
            File.SetUnixFileMode(entry, writable ? mode | UnixFileMode.UserWrite : mode & ~write);
        }
    }

    private static void Run(string program, params string[] arguments) =>
        Assert.True(Execute(program, arguments) == 0, $"{program} {string.Join(' ', arguments)} failed.");

    private static int Execute(string program, params string[] arguments)
    {
        using Process process = Start(program, arguments);
        process.WaitForExit();
        return process.ExitCode;
    }

    private static string Output(string program, params string[] arguments)
    {
        using Process process = Start(program, arguments);
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    private static Process Start(string program, string[] arguments)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start.");
    }
}
