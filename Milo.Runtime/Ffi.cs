using System.Reflection;
using System.Runtime.InteropServices;

namespace Milo.Runtime;

/// <summary>
/// Run-time support for C externs (docs/ffi.md). Compiled programs P/Invoke into the module "libc" (or "libm", "libssl",
/// "libcrypto", "libsqlite3" by symbol); <see cref="Register"/> (called from the program's module initializer) maps those
/// names to the platform's libraries: glibc's libc.so.6 / libm.so.6 on Linux, libSystem on macOS, ucrtbase on Windows.
/// "libsqlite3" is first the SQLite engine bundled with std/sqlite (e_sqlite3, copied beside programs that import it).
/// </summary>
public static class Ffi
{
    private static readonly object Lock = new();
    private static readonly HashSet<Assembly> Registered = new();

    /// <summary>Installs the library-name resolver for the assembly declaring <paramref name="programType"/>.</summary>
    public static void Register(Type programType)
    {
        var asm = programType.Assembly;
        lock (Lock)
        {
            if (!Registered.Add(asm)) return;
            try { NativeLibrary.SetDllImportResolver(asm, Resolve); }
            catch (InvalidOperationException) { /* the host installed its own resolver */ }
        }
    }

    private static IntPtr Resolve(string name, Assembly asm, DllImportSearchPath? path)
    {
        foreach (var candidate in Candidates(name))
            if (NativeLibrary.TryLoad(candidate, asm, path, out var h)) return h;
        return IntPtr.Zero; // fall back to the default probing
    }

    private static IEnumerable<string> Candidates(string name)
    {
        if (OperatingSystem.IsWindows())
        {
            switch (name)
            {
                case "libc" or "libm": yield return "ucrtbase.dll"; yield return "msvcrt.dll"; yield return "ws2_32.dll"; break;
                case "libssl": yield return "libssl-3-x64.dll"; yield return "libssl-1_1-x64.dll"; break;
                case "libcrypto": yield return "libcrypto-3-x64.dll"; break;
                case "libsqlite3": yield return "e_sqlite3"; yield return "sqlite3.dll"; yield return "winsqlite3.dll"; break;
            }
            yield break;
        }
        if (OperatingSystem.IsMacOS())
        {
            switch (name)
            {
                case "libc" or "libm": yield return "/usr/lib/libSystem.B.dylib"; break;
                case "libssl": yield return "libssl.3.dylib"; yield return "libssl.dylib"; break;
                case "libcrypto": yield return "libcrypto.3.dylib"; yield return "libcrypto.dylib"; break;
                case "libsqlite3": yield return "e_sqlite3"; yield return "/usr/lib/libsqlite3.dylib"; break;
            }
            yield break;
        }
        switch (name)
        {
            case "libc": yield return "libc.so.6"; yield return "libc.so"; break; // musl: libc.so
            case "libm": yield return "libm.so.6"; yield return "libc.so.6"; yield return "libc.so"; break;
            case "libssl": yield return "libssl.so.3"; yield return "libssl.so.1.1"; yield return "libssl.so"; break;
            case "libcrypto": yield return "libcrypto.so.3"; yield return "libcrypto.so.1.1"; yield return "libcrypto.so"; break;
            case "libsqlite3": yield return "e_sqlite3"; yield return "libsqlite3.so.0"; yield return "libsqlite3.so"; break;
        }
    }

    /// <summary>Before every C call: Milo's buffered stdout is flushed so C output (printf, write(1, …)) keeps program order.</summary>
    public static void BeforeCall() => MiloProcess.Out.Flush();

    /// <summary>After a C stdio call (printf, puts, …): flush C's stdout buffer so later Milo output stays in order.</summary>
    public static void AfterStdio() { try { fflush(IntPtr.Zero); } catch (Exception) { } }

    [DllImport("libc", EntryPoint = "fflush")]
    private static extern int fflush(IntPtr stream);

    static Ffi() { Register(typeof(Ffi)); }

    /// <summary>A string argument for a `*u8` parameter: its bytes plus a NUL terminator (the caller pins the copy).</summary>
    public static byte[] CString(MiloString s)
    {
        var span = s.AsSpan();
        var b = new byte[span.Length + 1];
        span.CopyTo(b);
        return b;
    }

    /// <summary>errno saved by the runtime right after the last C call on this thread (all C externs are SetLastError).</summary>
    public static int LastErrno() => Marshal.GetLastPInvokeError();
}

/// <summary>.NET side of std/platform (platform.linux.milo / platform.darwin.milo).</summary>
public static class PlatformModule
{
    /// <summary><c>getErrno()</c>: errno of the last C call on this thread (captured by the P/Invoke stub, so runtime
    /// work between the call and this read cannot clobber it).</summary>
    public static int getErrno() => Marshal.GetLastPInvokeError();
}

/// <summary>
/// BSD-shaped socket addresses (`struct { xLen: u8, xFamily: u8, … }`, the macOS `sockaddr_in` the reference's fixtures
/// declare) passed to C on a platform whose `sa_family` is a u16 at offset 0 (Linux, Windows): the struct is marshalled
/// into a per-thread native buffer with the family rewritten to the host layout, and copied back (host → BSD) after calls
/// taking `&amp;mut`. On macOS the bytes pass through unchanged.
/// </summary>
public static unsafe class FfiSockaddr
{
    [ThreadStatic] private static IntPtr t_buf;
    private const int BufSize = 256;

    private static bool HostIsBsd => OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD();

    public static IntPtr In<T>(ref T value) where T : struct
    {
        if (t_buf == IntPtr.Zero) t_buf = Marshal.AllocHGlobal(BufSize);
        int size = Marshal.SizeOf<T>();
        if (size > BufSize) throw Panics.Panic("runtime error: socket address struct too large");
        new Span<byte>((void*)t_buf, BufSize).Clear();
        Marshal.StructureToPtr(value, t_buf, false);
        if (!HostIsBsd)
        {
            var b = (byte*)t_buf;
            ushort family = b[1];
            *(ushort*)b = family;
        }
        return t_buf;
    }

    public static void Out<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors | System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.NonPublicConstructors)] T>(ref T value) where T : struct
    {
        if (t_buf == IntPtr.Zero) return;
        if (!HostIsBsd)
        {
            var b = (byte*)t_buf;
            ushort family = *(ushort*)b;
            b[0] = (byte)Marshal.SizeOf<T>();
            b[1] = (byte)family;
        }
        value = Marshal.PtrToStructure<T>(t_buf);
    }
}
