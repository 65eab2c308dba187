namespace Milo.Compiler.Text;

/// <summary>A source file: its path (as given to the compiler) and text, with line lookup.</summary>
public sealed class SourceText
{
    private readonly int[] _lineStarts;

    public SourceText(string filePath, string text)
    {
        FilePath = filePath;
        Text = text;
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
            if (text[i] == '\n') starts.Add(i + 1);
        _lineStarts = starts.ToArray();
    }

    public string FilePath { get; }
    public string Text { get; }
    public int LineCount => _lineStarts.Length;

    /// <summary>1-based line number of a character position.</summary>
    public int GetLine(int position)
    {
        int idx = Array.BinarySearch(_lineStarts, position);
        if (idx < 0) idx = ~idx - 1;
        return Math.Max(idx, 0) + 1;
    }

    /// <summary>1-based column of a character position.</summary>
    public int GetColumn(int position) => position - _lineStarts[GetLine(position) - 1] + 1;

    /// <summary>The text of a 1-based line without its line terminator.</summary>
    public string GetLineText(int line)
    {
        if (line < 1 || line > _lineStarts.Length) return "";
        int start = _lineStarts[line - 1];
        int end = line < _lineStarts.Length ? _lineStarts[line] : Text.Length;
        return Text[start..end].TrimEnd('\n', '\r');
    }
}
