using Milo.Runtime;

namespace Milo.Stdlib;

/// <summary>
/// Buffered stdin for std/io <c>readLine</c>/<c>readStdin</c>. Reading one byte per system call (what the reference's
/// <c>read(0, buf, 1)</c> does) made a 2 MB line take seconds; this reads 64 KiB at a time and scans for the newline.
/// Consequence: input read ahead of the current line belongs to this process — a child process started later does not
/// see it (as with C's buffered <c>stdin</c>).
/// </summary>
internal static class StdinReader
{
    private static readonly object Gate = new();
    private static Stream? s_stdin;
    private static readonly byte[] Buf = new byte[64 * 1024];
    private static int s_pos, s_len;

    private static Stream Stdin => s_stdin ??= Console.OpenStandardInput();

    private static bool Fill()
    {
        s_pos = 0;
        s_len = Math.Max(0, Stdin.Read(Buf, 0, Buf.Length));
        return s_len > 0;
    }

    /// <summary>One line without its LF (CR bytes dropped); <paramref name="eof"/> when nothing was left to read.</summary>
    public static MiloString ReadLine(out bool eof)
    {
        lock (Gate)
        {
            byte[]? line = null;
            int lineLen = 0;
            bool got = false;
            while (true)
            {
                if (s_pos >= s_len && !Fill()) { eof = !got; return Make(line, lineLen); }
                got = true;
                var span = Buf.AsSpan(s_pos, s_len - s_pos);
                int nl = span.IndexOf((byte)'\n');
                var part = nl < 0 ? span : span[..nl];
                if (line == null || lineLen + part.Length > line.Length)
                    Array.Resize(ref line, Math.Max(lineLen + part.Length, Math.Max(64, (line?.Length ?? 0) * 2)));
                foreach (var b in part) if (b != (byte)'\r') line[lineLen++] = b;
                if (nl >= 0) { s_pos += nl + 1; eof = false; return Make(line, lineLen); }
                s_pos = s_len;
            }
        }
    }

    /// <summary>Everything left on stdin, starting with what was already buffered.</summary>
    public static MiloString ReadAll()
    {
        lock (Gate)
        {
            using var ms = new MemoryStream();
            ms.Write(Buf, s_pos, s_len - s_pos);
            s_pos = s_len = 0;
            Stdin.CopyTo(ms);
            return MiloString.FromBytes(ms.GetBuffer().AsSpan(0, (int)ms.Length));
        }
    }

    private static MiloString Make(byte[]? line, int len) => len == 0 ? new MiloString() : MiloString.FromBytes(line.AsSpan(0, len));
}
