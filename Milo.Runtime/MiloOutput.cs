namespace Milo.Runtime;

/// <summary>
/// Thread-safe byte writer over a <see cref="Stream"/>. Buffered (stdout) or write-through (stderr).
/// Each <see cref="Write"/> call is atomic with respect to other threads.
/// </summary>
public sealed class MiloOutput
{
    private readonly object _lock = new();
    private Stream _stream;
    private readonly byte[] _buf;
    private int _len;
    private readonly bool _buffered;

    public MiloOutput(Stream stream, bool buffered, int bufferSize = 32 * 1024)
    {
        _stream = stream;
        _buffered = buffered;
        _buf = buffered ? new byte[bufferSize] : Array.Empty<byte>();
    }

    /// <summary>Writes bytes (buffered unless this is the unbuffered stderr writer).</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            try
            {
                if (!_buffered) { _stream.Write(data); _stream.Flush(); return; }
                if (_len + data.Length > _buf.Length)
                {
                    FlushLocked();
                    if (data.Length >= _buf.Length) { _stream.Write(data); return; }
                }
                data.CopyTo(new Span<byte>(_buf, _len, data.Length));
                _len += data.Length;
            }
            catch (IOException) { /* closed pipe: drop output like C stdio does on EPIPE */ }
        }
    }

    /// <summary>Writes one Milo string's bytes.</summary>
    public void WriteStr(MiloString s) => Write(s.AsSpan());

    /// <summary>Flushes buffered bytes to the stream.</summary>
    public void Flush()
    {
        lock (_lock)
        {
            try { FlushLocked(); _stream.Flush(); } catch (IOException) { } catch (ObjectDisposedException) { }
        }
    }

    private void FlushLocked()
    {
        if (_len > 0) { int n = _len; _len = 0; _stream.Write(_buf, 0, n); }
    }

    /// <summary>Flushes and redirects to another stream (tests).</summary>
    public void Redirect(Stream stream)
    {
        lock (_lock) { try { FlushLocked(); } catch (IOException) { } _stream = stream; }
    }
}
