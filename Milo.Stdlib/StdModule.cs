namespace Milo.Stdlib;

/// <summary>Placeholder so the Stdlib project builds; the real standard library modules land here later.</summary>
public static class StdInfo
{
    public const string Version = "0.1.0";
}
