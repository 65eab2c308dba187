namespace Milo.Stdlib;

/// <summary>std/math — implementations of the `extern fn` declarations in Milo.Compiler/Modules/std/math.milo.</summary>
public static class MathModule
{
    public static double sqrt(double x) => Math.Sqrt(x);
}
