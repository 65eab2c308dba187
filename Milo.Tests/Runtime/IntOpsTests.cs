using Milo.Runtime;

namespace Milo.Tests.Runtime;

public class IntOpsTests
{
    [Fact]
    public void Saturating()
    {
        Assert.Equal(int.MaxValue, IntOps.SaturatingAdd(int.MaxValue, 1));
        Assert.Equal(int.MinValue, IntOps.SaturatingSub(int.MinValue, 1));
        Assert.Equal((byte)255, IntOps.SaturatingAdd((byte)250, (byte)10));
        Assert.Equal((byte)0, IntOps.SaturatingSub((byte)5, (byte)10));
        Assert.Equal(ulong.MaxValue, IntOps.SaturatingMul(ulong.MaxValue, 2UL));
        Assert.Equal(long.MinValue, IntOps.SaturatingMul(long.MaxValue, -2L));
        Assert.Equal((sbyte)-128, IntOps.SaturatingMul((sbyte)-100, (sbyte)2));
        Assert.Equal(12, IntOps.SaturatingMul(3, 4));
    }

    [Fact]
    public void Checked()
    {
        Assert.False(IntOps.CheckedAdd(int.MaxValue, 1, out _));
        Assert.True(IntOps.CheckedAdd(1, 2, out int r) && r == 3);
        Assert.False(IntOps.CheckedSub((uint)0, 1u, out _));
        Assert.False(IntOps.CheckedMul(ulong.MaxValue, 2UL, out _));
        Assert.True(IntOps.CheckedMul(ulong.MaxValue, 1UL, out ulong u) && u == ulong.MaxValue);
        Assert.False(IntOps.CheckedMul(long.MinValue, -1L, out _));
        Assert.True(IntOps.CheckedMul((short)-200, (short)100, out short s) && s == -20000);
    }
}
