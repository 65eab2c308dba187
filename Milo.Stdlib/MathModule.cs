namespace Milo.Stdlib;

/// <summary>std/math — libm equivalents (System.Math). <c>round</c> rounds half away from zero like C.</summary>
public static class MathModule
{
    public static double sqrt(double x) => Math.Sqrt(x);
    public static double pow(double b, double e) => Math.Pow(b, e);
    public static double sin(double x) => Math.Sin(x);
    public static double cos(double x) => Math.Cos(x);
    public static double tan(double x) => Math.Tan(x);
    public static double atan2(double y, double x) => Math.Atan2(y, x);
    public static double floor(double x) => Math.Floor(x);
    public static double ceil(double x) => Math.Ceiling(x);
    public static double round(double x) => Math.Round(x, MidpointRounding.AwayFromZero);
    public static double fabs(double x) => Math.Abs(x);
    /// <summary>C <c>fmod</c>: result has the sign of x (same as the CLR % on doubles).</summary>
    public static double fmod(double x, double y) => x % y;
    public static double log(double x) => Math.Log(x);
    public static double log2(double x) => Math.Log2(x);
    public static double log10(double x) => Math.Log10(x);
    public static double exp(double x) => Math.Exp(x);
}
