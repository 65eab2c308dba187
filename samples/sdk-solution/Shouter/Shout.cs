namespace Shouter;

/// <summary>.NET code for Milo programs to call.</summary>
public static class Shout
{
    public static string Loud(string s) => s.ToUpperInvariant() + "!";
}
