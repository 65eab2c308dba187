using System.Buffers;
using System.Text;

namespace Milo.Runtime;

/// <summary>
/// <c>Console.Out</c> while a Milo program runs (<see cref="MiloProcess.RunMain"/>): .NET code the program calls
/// (<c>Console.WriteLine</c> from a <c>dotnet:</c> import or a referenced library) writes UTF-8 into the same buffer as
/// <c>print</c>, so the two keep their order. Through its own writer, Console output went straight to the stream
/// while <c>print</c> output waited in Milo's buffer: piped, every Console line came out before all printed lines.
/// </summary>
public sealed class MiloConsoleWriter(MiloOutput output) : TextWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly Encoder _encoder = Utf8.GetEncoder();   // keeps a surrogate pair split across two writes

    public override Encoding Encoding => Utf8;

    public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty) return;
        byte[] bytes = ArrayPool<byte>.Shared.Rent(Utf8.GetMaxByteCount(chars.Length));
        try
        {
            int n = _encoder.GetBytes(chars, bytes, flush: false);
            output.Write(bytes.AsSpan(0, n));
        }
        finally { ArrayPool<byte>.Shared.Return(bytes); }
    }

    public override void Flush() => output.Flush();
}
