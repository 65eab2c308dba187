using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Milo.Stdlib;

/// <summary>
/// Files opened for appending (std/io <c>appendFile</c>, <c>File.openAppend</c>) with POSIX <c>O_APPEND</c>, as the
/// reference's <c>open(…, O_APPEND)</c>: each write lands at the end of the file as it is then, atomically with respect
/// to other appenders — threads, other handles, other processes. .NET's <c>FileMode.Append</c> only seeks to the end
/// when the file is opened, so two handles overwrote each other and appends from several threads lost lines.
/// On Windows (no O_APPEND) the .NET behaviour is kept.
/// </summary>
internal static unsafe class AppendFiles
{
    [DllImport("libc", EntryPoint = "open", SetLastError = true)] private static extern int open(byte* path, int flags, int mode);
    [DllImport("libc", EntryPoint = "write", SetLastError = true)] private static extern nint write(int fd, byte* buf, nint n);

    private const int EINTR = 4, ENOENT = 2, EACCES = 13, EPERM = 1, EISDIR = 21;

    /// <summary>Whether appends go through O_APPEND descriptors (Linux, macOS).</summary>
    public static bool Native => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    /// <summary>Opens (creating, mode 0666 minus umask) <paramref name="path"/> for appending; throws the exceptions
    /// <c>IoModule.Fail</c> maps to IoError kinds.</summary>
    public static SafeFileHandle Open(string path)
    {
        int flags = OperatingSystem.IsMacOS()
            ? 0x1 | 0x8 | 0x200 | 0x1000000      // O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC
            : 0x1 | 0x400 | 0x40 | 0x80000;      // the same, Linux values
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        int fd;
        fixed (byte* p = bytes)
        {
            do fd = open(p, flags, 0x1b6); while (fd < 0 && Marshal.GetLastPInvokeError() == EINTR);
        }
        if (fd < 0) throw ErrorFor(Marshal.GetLastPInvokeError(), path);
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Writes all of <paramref name="data"/> with write(2) (never pwrite: it ignores O_APPEND on macOS).</summary>
    public static void WriteAll(SafeFileHandle h, ReadOnlySpan<byte> data, string path)
    {
        bool added = false;
        h.DangerousAddRef(ref added);
        try
        {
            int fd = (int)h.DangerousGetHandle();
            fixed (byte* p = data)
            {
                int done = 0;
                while (done < data.Length)
                {
                    nint n = write(fd, p + done, data.Length - done);
                    if (n < 0)
                    {
                        int errno = Marshal.GetLastPInvokeError();
                        if (errno == EINTR) continue;
                        throw ErrorFor(errno, path);
                    }
                    done += (int)n;
                }
            }
        }
        finally { if (added) h.DangerousRelease(); }
    }

    private static Exception ErrorFor(int errno, string path) => errno switch
    {
        ENOENT => new DirectoryNotFoundException(path),
        EACCES or EPERM or EISDIR => new UnauthorizedAccessException(path),
        _ => new IOException(Marshal.GetPInvokeErrorMessage(errno), errno),
    };
}
