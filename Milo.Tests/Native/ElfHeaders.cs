namespace Milo.Tests.Native;

/// <summary>The two facts of an ELF64 executable the native tests check: its type (ET_EXEC or ET_DYN) and whether it names a
/// program interpreter (PT_INTERP: linked dynamically).</summary>
internal static class ElfHeaders
{
    public const ushort EtExec = 2;
    public const ushort EtDyn = 3;

    public static (ushort Type, bool HasInterpreter) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 64 && bytes[0] == 0x7f && bytes[1] == (byte)'E' && bytes[2] == (byte)'L' && bytes[3] == (byte)'F',
            path + " is not an ELF file");
        Assert.Equal(2, bytes[4]); // ELFCLASS64
        var type = BitConverter.ToUInt16(bytes, 0x10);
        var phoff = (int)BitConverter.ToUInt64(bytes, 0x20);
        var phentsize = BitConverter.ToUInt16(bytes, 0x36);
        var phnum = BitConverter.ToUInt16(bytes, 0x38);
        var interp = false;
        for (var i = 0; i < phnum; i++)
            if (BitConverter.ToUInt32(bytes, phoff + i * phentsize) == 3) interp = true; // PT_INTERP
        return (type, interp);
    }
}
