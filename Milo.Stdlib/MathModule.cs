namespace Milo.Stdlib;

/// <summary>std/math — libm equivalents (System.Math). <c>round</c> rounds half away from zero like C.</summary>
public static class MathModule
{
    public static double sqrt(double x) => Math.Sqrt(x);
    public static double _mathPow(double b, double e) => Math.Pow(b, e);
    public static double _mathSin(double x) => Math.Sin(x);
    public static double _mathCos(double x) => Math.Cos(x);
    public static double _mathTan(double x) => Math.Tan(x);
    public static double _mathAtan2(double y, double x) => Math.Atan2(y, x);
    public static double _mathFloor(double x) => Math.Floor(x);
    public static double _mathCeil(double x) => Math.Ceiling(x);
    public static double _mathRound(double x) => Math.Round(x, MidpointRounding.AwayFromZero);
    public static double _mathAbs(double x) => Math.Abs(x);
    /// <summary>C <c>fmod</c>: result has the sign of x (same as the CLR % on doubles).</summary>
    public static double _mathMod(double x, double y) => x % y;
    public static double _mathLog(double x) => Math.Log(x);
    public static double _mathLog2(double x) => Math.Log2(x);
    public static double _mathLog10(double x) => Math.Log10(x);
    public static double _mathExp(double x) => Math.Exp(x);
}
