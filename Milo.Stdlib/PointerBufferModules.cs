using System.Security.Cryptography;

namespace Milo.Stdlib;

/// <summary>std/random's C-style externs of the reference (BSD arc4random family), on the OS's cryptographic RNG.</summary>
public static partial class RandomModule
{
    private static uint NextU32()
    {
        Span<byte> b = stackalloc byte[4];
        RandomNumberGenerator.Fill(b);
        return BitConverter.ToUInt32(b);
    }

    public static uint arc4random() => NextU32();

    /// <summary>Uniform in [0, upper) without modulo bias; 0 when upper &lt; 2 (as arc4random_uniform).</summary>
    public static uint arc4random_uniform(uint upper)
    {
        if (upper < 2) return 0;
        uint min = (uint)((0x1_0000_0000UL - upper) % upper);
        while (true)
        {
            uint r = NextU32();
            if (r >= min) return r % upper;
        }
    }

    /// <summary>Fills <paramref name="nbytes"/> bytes at <paramref name="buf"/> with random data.</summary>
    public static unsafe void arc4random_buf(nint buf, long nbytes)
    {
        if (buf == 0 || nbytes <= 0) return;
        for (long done = 0; done < nbytes; done += int.MaxValue)
            RandomNumberGenerator.Fill(new Span<byte>((byte*)buf + done, (int)Math.Min(int.MaxValue, nbytes - done)));
    }
}

/// <summary>std/crypto's CommonCrypto-style externs of the reference (digest of len bytes at data written to md).</summary>
public static partial class CryptoModule
{
    /// <summary>SHA-256 of <paramref name="len"/> bytes at <paramref name="data"/> into the 32 bytes at <paramref name="md"/>; returns md.</summary>
    public static unsafe nint CC_SHA256(nint data, uint len, nint md)
    {
        SHA256.HashData(new ReadOnlySpan<byte>((void*)data, (int)len), new Span<byte>((void*)md, 32));
        return md;
    }

    /// <summary>MD5 of <paramref name="len"/> bytes at <paramref name="data"/> into the 16 bytes at <paramref name="md"/>; returns md.</summary>
    public static unsafe nint CC_MD5(nint data, uint len, nint md)
    {
        MD5.HashData(new ReadOnlySpan<byte>((void*)data, (int)len), new Span<byte>((void*)md, 16));
        return md;
    }
}
