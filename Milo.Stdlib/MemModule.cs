using System.Collections.Concurrent;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Milo.Stdlib;

/// <summary>
/// std/mem — memory mappings (System.IO.MemoryMappedFiles) and raw blocks for the bump arena (NativeMemory). Addresses
/// travel as i64, as in the reference's MappedMemory/Arena; each mapping stays registered under its address until it is
/// unmapped (a MappedMemory is unmapped exactly once, by its Drop). Failures return 0 and leave the reason for
/// <see cref="_memErr"/>.
/// </summary>
public static unsafe class MemModule
{
    private static readonly ConcurrentDictionary<long, (MemoryMappedFile File, MemoryMappedViewAccessor View)> Maps = new();
    [ThreadStatic] private static string? t_err;

    public static Milo.Runtime.MiloString _memErr() => Milo.Runtime.MiloString.FromString(t_err ?? "");

    private static long Register(MemoryMappedFile file, MemoryMappedViewAccessor view)
    {
        byte* p = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        long addr = (long)(p + view.PointerOffset);
        Maps[addr] = (file, view);
        return addr;
    }

    /// <summary>Maps <paramref name="size"/> bytes of zero-filled, readable and writable memory; 0 on failure.</summary>
    public static long _memMapAnon(long size)
    {
        if (size <= 0) { t_err = "mmap failed: size must be positive"; return 0; }
        try
        {
            var file = MemoryMappedFile.CreateNew(null, size, MemoryMappedFileAccess.ReadWrite);
            return Register(file, file.CreateViewAccessor(0, size, MemoryMappedFileAccess.ReadWrite));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            t_err = "mmap failed: " + e.Message;
            return 0;
        }
    }

    /// <summary>Maps the first <paramref name="size"/> bytes of the open file descriptor <paramref name="fd"/> read-only
    /// (copy-on-write private view); the descriptor stays open and owned by the caller. 0 on failure.</summary>
    public static long _memMapFile(int fd, long size)
    {
        if (size <= 0) { t_err = "mmap failed: size must be positive"; return 0; }
        try
        {
            var handle = new SafeFileHandle(fd, ownsHandle: false);
            if (size > RandomAccess.GetLength(handle)) { t_err = "mmap failed: size is past the end of the file"; return 0; }
            var file = MemoryMappedFile.CreateFromFile(handle, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            return Register(file, file.CreateViewAccessor(0, size, MemoryMappedFileAccess.Read));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            t_err = "mmap failed: " + e.Message;
            return 0;
        }
    }

    /// <summary>Unmaps the region at <paramref name="addr"/> (no-op for 0 or an address that is not mapped).</summary>
    public static void _memUnmap(long addr)
    {
        if (!Maps.TryRemove(addr, out var m)) return;
        m.View.SafeMemoryMappedViewHandle.ReleasePointer();
        m.View.Dispose();
        m.File.Dispose();
    }

    /// <summary>Number of regions currently mapped through std/mem (for tests and leak checks).</summary>
    public static long _memMappedCount() => Maps.Count;

    /// <summary>A raw block of <paramref name="size"/> bytes (16-byte aligned), or 0 when it cannot be allocated.</summary>
    public static long _memAlloc(long size)
    {
        if (size < 0) return 0;
        try { return (long)NativeMemory.AlignedAlloc((nuint)Math.Max(size, 1), 16); }
        catch (OutOfMemoryException) { return 0; }
    }

    public static void _memFree(long addr)
    {
        if (addr != 0) NativeMemory.AlignedFree((void*)addr);
    }
}
