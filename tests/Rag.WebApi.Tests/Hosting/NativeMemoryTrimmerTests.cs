// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Runtime.InteropServices;
using Rag.WebApi.Hosting;

namespace Rag.WebApi.Tests.Hosting;

/// <summary>Freed native memory that glibc keeps in its arenas is handed back to the operating system by a trim.</summary>
public sealed class NativeMemoryTrimmerTests
{
    private const int BlockBytes = 64 * 1024; // below glibc's mmap threshold: served from an arena, as native libraries' buffers are
    private const int Blocks = 4096; // 256 MiB

    [Fact]
    public void Trim_AfterFreeingManyArenaBlocks_ReturnsTheirPagesToTheSystem()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "malloc_trim is glibc's (Linux).");
        Assert.True(NativeMemoryTrimmer.IsAvailable, "malloc_trim is not available in this process's C library.");

        // Arrange: touch 256 MiB of arena blocks, then free them while a later block stays allocated, so glibc cannot shrink
        // the arena from its top and keeps the freed pages resident.
        var blocks = new IntPtr[Blocks];
        for (int i = 0; i < Blocks; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(BlockBytes); // malloc on Unix
            for (int page = 0; page < BlockBytes; page += 4096)
            {
                Marshal.WriteByte(blocks[i], page, 1);
            }
        }

        IntPtr sentinel = Marshal.AllocHGlobal(BlockBytes);
        foreach (IntPtr block in blocks)
        {
            Marshal.FreeHGlobal(block);
        }

        long beforeTrim = ResidentBytes();

        // Act
        NativeMemoryTrimmer.Trim();
        long afterTrim = ResidentBytes();
        Marshal.FreeHGlobal(sentinel);

        // Assert: at least half of the freed 256 MiB left the working set.
        Assert.True(beforeTrim - afterTrim > Blocks * (long)BlockBytes / 2, $"Resident memory went from {beforeTrim >> 20} MiB to {afterTrim >> 20} MiB.");
    }

    private static long ResidentBytes()
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
