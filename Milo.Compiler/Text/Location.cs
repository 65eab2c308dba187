namespace Milo.Compiler.Text;

/// <summary>A span of source text in a particular file.</summary>
public readonly record struct Location(SourceText Source, int Start, int Length)
{
    public int Line => Source.GetLine(Start);
    public int Column => Source.GetColumn(Start);
    public int End => Start + Length;

    /// <summary>A location covering this one through <paramref name="other"/>.</summary>
    public Location To(Location other) => new(Source, Start, Math.Max(other.End - Start, Length));

    public override string ToString() => $"{Source.FilePath}:{Line}:{Column}";
}
