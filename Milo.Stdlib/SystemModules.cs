using System.Diagnostics;
using Milo.Runtime;

namespace Milo.Stdlib;

/// <summary>std/time — wall clock and sleeping (green-thread aware via <see cref="Scheduler.SleepMs"/>).</summary>
public static class TimeModule
{
    /// <summary>Microseconds since the Unix epoch (UTC).</summary>
    public static long _timeEpochMicros() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    /// <summary>Monotonic microseconds (Stopwatch), for measuring durations.</summary>
    public static long _timeMonoMicros() => (long)(Stopwatch.GetTimestamp() * (1_000_000.0 / Stopwatch.Frequency));

    [SuspendsAs(typeof(GreenOps), nameof(GreenOps.Sleep))]
    public static void _timeSleepMs(long ms)
    {
        MiloProcess.Flush();
        Scheduler.SleepMs(ms);
    }
}

/// <summary>std/random — System.Random.Shared (not cryptographic) plus a CSPRNG for bytes.</summary>
public static partial class RandomModule
{
    public static uint _randU32() => (uint)Random.Shared.NextInt64(0, 1L << 32);
    /// <summary>Uniform in [0, max); max ≤ 0 → 0.</summary>
    public static long _randInt(long max) => max <= 0 ? 0 : Random.Shared.NextInt64(max);
    /// <summary>Uniform in [min, max] inclusive; min > max → min.</summary>
    public static long _randRange(long min, long max)
    {
        if (min >= max) return min;
        if (max == long.MaxValue && min == long.MinValue) return Random.Shared.NextInt64() ^ (Random.Shared.NextInt64() << 1);
        return max == long.MaxValue ? Random.Shared.NextInt64(min - 1, max) + 1 : Random.Shared.NextInt64(min, max + 1);
    }
    public static double _randFloat() => Random.Shared.NextDouble();
    public static void _randSeed(long seed) { s_seeded = new Random((int)(seed ^ (seed >> 32))); }
    private static Random? s_seeded;
    /// <summary>n random bytes (cryptographically secure) as a string.</summary>
    public static MiloString _randBytes(long n)
    {
        var b = new byte[Math.Max(0, n)];
        System.Security.Cryptography.RandomNumberGenerator.Fill(b);
        return MiloString.FromBytes(b);
    }
}

/// <summary>std/env — environment variables.</summary>
public static class EnvModule
{
    public static bool _envHas(MiloString name) => Environment.GetEnvironmentVariable(name.ToString()) != null;
    public static MiloString _envGet(MiloString name) => MiloString.FromString(Environment.GetEnvironmentVariable(name.ToString()) ?? "");
    public static void _envSet(MiloString name, MiloString value) => Environment.SetEnvironmentVariable(name.ToString(), value.ToString());
    public static void _envUnset(MiloString name) => Environment.SetEnvironmentVariable(name.ToString(), null);
}

/// <summary>std/io — files (handles are indices into a table of FileStreams), stdin/stdout.</summary>
public static class IoModule
{
    private static readonly List<FileStream?> Files = new();
    /// <summary>Handles opened with <see cref="AppendFiles"/> (O_APPEND): written with write(2), see there.</summary>
    private static readonly HashSet<FileStream> Appending = new();
    private static readonly object Gate = new();
    [ThreadStatic] private static int t_errKind;
    [ThreadStatic] private static string? t_errMsg;

    /// <summary>Kind of the last failure on this thread: 0 none, 1 NotFound, 2 PermissionDenied, 3 IsDirectory, 4 AlreadyExists, 5 Other.</summary>
    public static int _ioErrKind() => t_errKind;
    public static MiloString _ioErrMsg() => MiloString.FromString(t_errMsg ?? "");

    private static void Fail(Exception e, string path)
    {
        (t_errKind, t_errMsg) = e switch
        {
            FileNotFoundException or DirectoryNotFoundException => (1, path),
            UnauthorizedAccessException when Directory.Exists(path) => (3, path),
            UnauthorizedAccessException => (2, path),
            IOException io when io.HResult == 17 || (io.HResult & 0xFFFF) == 80 => (4, path),
            _ => (5, "'" + path + "': " + e.Message),
        };
    }

    private static void Ok() { t_errKind = 0; t_errMsg = null; }

    /// <summary>Opens <paramref name="path"/>; mode 0 read, 1 write (create/truncate), 2 append (create). Returns a handle or -1.</summary>
    public static int _ioOpen(MiloString path, int mode)
    {
        var p = path.ToString();
        try
        {
            if (Directory.Exists(p) && mode == 0) { t_errKind = 3; t_errMsg = p; return -1; }
            var fs = mode switch
            {
                0 => new FileStream(p, FileMode.Open, FileAccess.Read, FileShare.ReadWrite),
                1 => new FileStream(p, FileMode.Create, FileAccess.Write, FileShare.ReadWrite),
                _ when AppendFiles.Native => new FileStream(AppendFiles.Open(p), FileAccess.Write, bufferSize: 0),
                _ => new FileStream(p, FileMode.Append, FileAccess.Write, FileShare.ReadWrite),
            };
            lock (Gate)
            {
                if (mode == 2 && AppendFiles.Native) Appending.Add(fs);
                int free = Files.IndexOf(null);
                if (free < 0) { Files.Add(fs); free = Files.Count - 1; } else Files[free] = fs;
                Ok();
                return free;
            }
        }
        catch (Exception e) { Fail(e, p); return -1; }
    }

    private static FileStream? Get(int h) { lock (Gate) return h >= 0 && h < Files.Count ? Files[h] : null; }

    public static void _ioClose(int h)
    {
        lock (Gate)
        {
            if (h < 0 || h >= Files.Count || Files[h] is not { } fs) return;
            Files[h] = null;
            Appending.Remove(fs);
            fs.Dispose();
        }
    }

    public static long _ioSize(int h)
    {
        try { return Get(h)?.Length ?? -1; } catch { return -1; }
    }

    /// <summary>Reads the whole file from the start; sets the error state on failure.</summary>
    public static MiloString _ioReadAll(int h)
    {
        var fs = Get(h);
        if (fs == null) { t_errKind = 5; t_errMsg = "bad file handle"; return new MiloString(); }
        try
        {
            fs.Seek(0, SeekOrigin.Begin);
            using var ms = new MemoryStream();
            fs.CopyTo(ms);
            Ok();
            return MiloString.FromBytes(ms.GetBuffer().AsSpan(0, (int)ms.Length));
        }
        catch (Exception e) { Fail(e, fs.Name); return new MiloString(); }
    }

    public static long _ioWrite(int h, MiloString data)
    {
        var fs = Get(h);
        if (fs == null) { t_errKind = 5; t_errMsg = "write failed"; return -1; }
        bool append;
        lock (Gate) append = Appending.Contains(fs);
        try
        {
            if (append) AppendFiles.WriteAll(fs.SafeFileHandle, data.AsSpan(), fs.Name);
            else { fs.Write(data.AsSpan()); fs.Flush(); }
            Ok();
            return data.Len;
        }
        catch (Exception e) { Fail(e, fs.Name); return -1; }
    }

    /// <summary>Whole-file read by path (error state set on failure).</summary>
    public static MiloString _ioReadFile(MiloString path)
    {
        var p = path.ToString();
        try
        {
            if (Directory.Exists(p)) { t_errKind = 3; t_errMsg = p; return new MiloString(); }
            var b = File.ReadAllBytes(p);
            Ok();
            return MiloString.FromBytes(b);
        }
        catch (Exception e) { Fail(e, p); return new MiloString(); }
    }

    public static long _ioWriteFile(MiloString path, MiloString data, bool append)
    {
        var p = path.ToString();
        try
        {
            if (append && AppendFiles.Native)
            {
                using var h = AppendFiles.Open(p);
                AppendFiles.WriteAll(h, data.AsSpan(), p);
            }
            else
            {
                using var fs = new FileStream(p, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
                fs.Write(data.AsSpan());
            }
            Ok();
            return data.Len;
        }
        catch (Exception e) { Fail(e, p); return -1; }
    }

    public static void _ioWriteStdout(MiloString s) => MiloProcess.Out.WriteStr(s);

    public static void _ioPutChar(byte c)
    {
        Span<byte> one = stackalloc byte[1];
        one[0] = c;
        MiloProcess.Out.Write(one);
    }

    public static void _ioWriteStderr(MiloString s)
    {
        MiloProcess.Flush();
        MiloProcess.Err.WriteStr(s);
    }

    [ThreadStatic] private static bool t_eof;

    /// <summary>Reads one line from stdin (LF-terminated, CR dropped); at end of input returns "" and <see cref="_ioStdinEof"/> is true.</summary>
    public static MiloString _ioReadLine()
    {
        MiloProcess.Flush();
        var r = StdinReader.ReadLine(out var eof);
        t_eof = eof;
        return r;
    }

    public static bool _ioStdinEof() => t_eof;

    public static MiloString _ioReadStdin()
    {
        MiloProcess.Flush();
        return StdinReader.ReadAll();
    }

    /// <summary>Splits on LF, dropping CR bytes; a final newline does not add an empty line.</summary>
    public static MiloVec<MiloString> _ioSplitLines(MiloString content)
    {
        var b = content.AsSpan();
        var r = new MiloVec<MiloString>();
        var cur = new MiloString();
        foreach (var c in b)
        {
            if (c == '\n') { r.Push(cur); cur = new MiloString(); }
            else if (c != '\r') cur.Push(c);
        }
        if (cur.Length > 0) r.Push(cur);
        return r;
    }
}

/// <summary>std/fs — file-system queries.</summary>
public static class FsModule
{
    public static bool _fsExists(MiloString p) => File.Exists(p.ToString()) || Directory.Exists(p.ToString());
    public static bool _fsIsDir(MiloString p) => Directory.Exists(p.ToString());
    public static bool _fsIsFile(MiloString p) => File.Exists(p.ToString());

    public static long _fsSize(MiloString p)
    {
        var s = p.ToString();
        if (File.Exists(s)) return new FileInfo(s).Length;
        if (Directory.Exists(s)) return 4096;
        return -1;
    }

    /// <summary>st_mode-like bits: file type (S_IFDIR 0x4000 / S_IFREG 0x8000) | permission bits.</summary>
    public static int _fsMode(MiloString p)
    {
        var s = p.ToString();
        int type = Directory.Exists(s) ? 0x4000 : File.Exists(s) ? 0x8000 : 0;
        if (type == 0) return 0;
        int perm = 0;
        if (!OperatingSystem.IsWindows())
            try { perm = (int)File.GetUnixFileMode(s); } catch { }
        return type | perm;
    }

    /// <summary>Names in a directory (no "." / ".."), sorted ordinally; empty when it cannot be read.</summary>
    public static MiloVec<MiloString> _fsList(MiloString p)
    {
        var r = new MiloVec<MiloString>();
        try
        {
            var names = Directory.EnumerateFileSystemEntries(p.ToString()).Select(Path.GetFileName).ToList();
            names.Sort(string.CompareOrdinal);
            foreach (var n in names) r.Push(MiloString.FromString(n!));
        }
        catch { }
        return r;
    }

    public static bool _fsMkdir(MiloString p)
    {
        try { Directory.CreateDirectory(p.ToString()); return true; } catch { return false; }
    }

    public static bool _fsRemove(MiloString p)
    {
        var s = p.ToString();
        try
        {
            if (Directory.Exists(s)) { Directory.Delete(s, false); return true; }
            if (File.Exists(s)) { File.Delete(s); return true; }
            return false;
        }
        catch { return false; }
    }

    public static bool _fsRename(MiloString a, MiloString b)
    {
        try
        {
            if (Directory.Exists(a.ToString())) Directory.Move(a.ToString(), b.ToString());
            else File.Move(a.ToString(), b.ToString(), true);
            return true;
        }
        catch { return false; }
    }
}

/// <summary>std/process — running shell commands and child processes.</summary>
public static class ProcessModule
{
    private static readonly Dictionary<int, Process> Children = new();
    [ThreadStatic] private static byte[]? t_captured;

    private static ProcessStartInfo Shell(string cmd) => OperatingSystem.IsWindows()
        ? new ProcessStartInfo("cmd.exe", new[] { "/c", cmd })
        : new ProcessStartInfo("/bin/sh", new[] { "-c", cmd });

    /// <summary>Runs <c>sh -c cmd</c> sharing stdio; returns its exit status, or -1 if it could not start.</summary>
    public static int _procRun(MiloString cmd)
    {
        MiloProcess.Flush();
        try
        {
            using var p = Process.Start(Shell(cmd.ToString()));
            if (p == null) return -1;
            p.WaitForExit();
            return p.ExitCode & 255;
        }
        catch { return -1; }
    }

    /// <summary>Runs <c>sh -c cmd</c> with stdout+stderr captured; returns the exit status (-1 if it could not start).</summary>
    /// <summary>
    /// Runs <c>sh -c cmd</c> with its stderr sent to its stdout (as the reference's <c>cmd &gt; tmp 2&gt;&amp;1</c>) and keeps
    /// the bytes exactly (<see cref="_procCaptured"/>): line-by-line .NET capture decoded them as UTF-8 (invalid bytes
    /// replaced), dropped CRs, added a newline the output did not have, and reordered stderr lines against stdout.
    /// </summary>
    public static int _procCapture(MiloString cmd)
    {
        MiloProcess.Flush();
        try
        {
            var si = OperatingSystem.IsWindows()
                ? new ProcessStartInfo("cmd.exe", new[] { "/c", cmd.ToString() + " 2>&1" })
                : new ProcessStartInfo("/bin/sh", new[] { "-c", "exec 2>&1\n" + cmd.ToString() });
            si.RedirectStandardOutput = true;
            using var p = Process.Start(si)!;
            using var ms = new MemoryStream();
            p.StandardOutput.BaseStream.CopyTo(ms);
            p.WaitForExit();
            t_captured = ms.ToArray();
            return p.ExitCode & 255;
        }
        catch { t_captured = null; return -1; }
    }

    public static MiloString _procCaptured() => t_captured is { } b ? MiloString.FromBytes(b) : new MiloString();

    /// <summary>
    /// Starts the program at <paramref name="path"/> (no arguments); returns its pid or -1. As with the reference's
    /// fork + execl, a program that cannot be executed (missing, not executable) is not a spawn error: the "child"
    /// exists and exits with status 127, which <see cref="_procWait"/> reports (see docs/site/stdlib/process.md).
    /// </summary>
    public static int _procSpawn(MiloString path)
    {
        MiloProcess.Flush();
        try
        {
            var p = Process.Start(new ProcessStartInfo(path.ToString()) { UseShellExecute = false });
            if (p == null) return -1;
            lock (Children) Children[p.Id] = p;
            return p.Id;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            lock (Children) { int id = --s_lastFailedId; FailedChildren.Add(id); return id; }
        }
        catch { return -1; }
    }

    /// <summary>Pseudo-pids of spawns whose exec failed (they count down from int.MaxValue, above real pids).</summary>
    private static readonly HashSet<int> FailedChildren = new();
    private static int s_lastFailedId = int.MaxValue;

    /// <summary>Waits for a child started with <see cref="_procSpawn"/>; returns its exit status or -1.</summary>
    public static int _procWait(int pid)
    {
        Process? p;
        lock (Children)
        {
            if (FailedChildren.Remove(pid)) return 127;
            Children.Remove(pid, out p);
        }
        if (p == null) return -1;
        p.WaitForExit();
        int code = p.ExitCode & 255;
        p.Dispose();
        return code;
    }

    /// <summary>Terminates a spawned child (any signal kills it on .NET); 0 on success, -1 otherwise.</summary>
    public static int _procKill(int pid, int sig)
    {
        Process? p;
        lock (Children)
        {
            if (FailedChildren.Contains(pid)) return 0;
            Children.TryGetValue(pid, out p);
        }
        try { (p ?? Process.GetProcessById(pid)).Kill(); return 0; } catch { return -1; }
    }

    public static int _procPid() => Environment.ProcessId;
}
