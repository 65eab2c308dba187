using System.Text;
using Milo.Compiler.Syntax;

namespace Milo.Compiler.Formatting;

/// <summary>
/// Lays tokens out line by line. The line structure of the source is kept (a token that started a line still does);
/// on top of it: a multi-line `{ … }` puts its body on indented lines and its `}` on a line of its own, 4 spaces per
/// level, a `(`/`[` left at the end of a line indents what follows; runs of blank lines collapse to one and a blank
/// line separates top-level items (placed above the item's comments); trailing whitespace is dropped and the file
/// ends with a newline (and, as in the reference, one blank line if it had any). Comments are written back verbatim: on their own line (re-indented) or after the code
/// they followed.
/// </summary>
internal sealed class LayoutWriter
{
    private const string Indent = "    ";

    private readonly string _text;
    private readonly TokenAnalysis _a;
    private readonly IReadOnlyList<Token> _tokens;
    private readonly List<string> _lines = [];
    private readonly StringBuilder _cur = new();
    private readonly List<(int Open, int Levels)> _open = [];
    private bool _hasContent;
    /// <summary>Index in <see cref="_lines"/> where the current run of own-line comments began.</summary>
    private int _commentRunStart = -1;
    private bool _afterInlineComment;
    private bool _lastCodeLineIsAttribute;
    private bool _endsWithBlankLine;

    private LayoutWriter(string text, IReadOnlyList<Token> tokens)
    {
        _text = text;
        _tokens = tokens;
        _a = new TokenAnalysis(tokens);
    }

    public static string Write(string text, IReadOnlyList<Token> tokens) => new LayoutWriter(text, tokens).Run();

    private string Run()
    {
        int prevEnd = BomLength();
        for (int i = 0; i < _tokens.Count; i++)
        {
            var tok = _tokens[i];
            var gap = TriviaScanner.Scan(_text, prevEnd, tok.Location.Start);
            WriteComments(gap);
            if (tok.Kind == TokenKind.EndOfFile)
            {
                _endsWithBlankLine = (gap.Comments.Count > 0 ? gap.NewlinesAfterComments : gap.TotalNewlines) >= 2;
                break;
            }
            WriteToken(i, gap);
            prevEnd = tok.Location.End;
        }
        FlushLine();
        while (_lines.Count > 0 && _lines[^1].Length == 0) _lines.RemoveAt(_lines.Count - 1);
        // Like the reference formatter, one blank line at the end of the file survives when the source had one.
        if (_endsWithBlankLine && _lines.Count > 0) _lines.Add("");
        return _lines.Count == 0 ? "" : string.Join("\n", _lines) + "\n";
    }

    private int BomLength() => _text.Length > 0 && _text[0] == '\uFEFF' ? 1 : 0;

    private int Depth => _open.Sum(o => o.Levels);

    private void WriteComments(TriviaGap gap)
    {
        for (int c = 0; c < gap.Comments.Count; c++)
        {
            var comment = gap.Comments[c];
            if (comment.NewlinesBefore == 0 && _hasContent)
            {
                _cur.Append(' ').Append(comment.Text);
                _afterInlineComment = true;
                continue;
            }
            FlushLine();
            if (comment.NewlinesBefore >= 2) AddBlankLine();
            if (_commentRunStart < 0) _commentRunStart = _lines.Count;
            _cur.Append(IndentText(Depth)).Append(comment.Text);
            _hasContent = true;
            _afterInlineComment = true;
            bool nextOnSameLine = c + 1 < gap.Comments.Count
                ? gap.Comments[c + 1].NewlinesBefore == 0
                : gap.NewlinesAfterComments == 0;
            if (!comment.IsBlock || !nextOnSameLine) FlushLine();
        }
    }

    private void WriteToken(int i, TriviaGap gap)
    {
        var tok = _tokens[i];
        int newlines = gap.Comments.Count > 0 ? gap.NewlinesAfterComments : gap.TotalNewlines;
        bool startsLine = !_hasContent || newlines > 0 || BreakForced(i);
        if (startsLine)
        {
            FlushLine();
            if (newlines >= 2) AddBlankLine();
            if (_open.Count == 0 && IsTopLevelItem(i) && !_lastCodeLineIsAttribute) SeparateItem();
            _cur.Append(IndentText(LineIndent(i)));
            _lastCodeLineIsAttribute = _open.Count == 0 && tok.Kind == TokenKind.At;
        }
        else if (_afterInlineComment || TokenSpacing.SpaceBetween(_a, i - 1, i))
            _cur.Append(' ');
        _cur.Append(tok.Text);
        _hasContent = true;
        _afterInlineComment = false;
        _commentRunStart = -1;
        Track(i);
    }

    /// <summary>Line breaks the layout adds: after a block's `{`, before its `}`, and after its `}`.</summary>
    private bool BreakForced(int i)
    {
        if (i == 0) return false;
        var tok = _tokens[i];
        if (_a.IsBlockBrace(i - 1) && _tokens[i - 1].Kind == TokenKind.LBrace) return true;
        if (tok.Kind == TokenKind.RBrace && _a.IsBlockBrace(i)) return true;
        if (_a.IsBlockBrace(i - 1) && _tokens[i - 1].Kind == TokenKind.RBrace) return StartsStatement(tok.Kind);
        return false;
    }

    /// <summary>After a block's `}`, these tokens begin a new statement (anything else continues the expression).</summary>
    private static bool StartsStatement(TokenKind k) => k switch
    {
        TokenKind.ElseKeyword or TokenKind.AsKeyword or TokenKind.IsKeyword or TokenKind.InKeyword => false,
        TokenKind.Identifier or TokenKind.IntLiteral or TokenKind.FloatLiteral or TokenKind.StringLiteral
            or TokenKind.InterpolatedString or TokenKind.CharLiteral or TokenKind.LBrace or TokenKind.At => true,
        _ => k >= TokenKind.FnKeyword && k <= TokenKind.InterfaceKeyword,
    };

    private bool IsTopLevelItem(int i)
    {
        var k = _tokens[i].Kind;
        return k is TokenKind.FnKeyword or TokenKind.StructKeyword or TokenKind.EnumKeyword or TokenKind.ImplKeyword
            or TokenKind.TraitKeyword or TokenKind.ExternKeyword or TokenKind.InterfaceKeyword or TokenKind.At;
    }

    /// <summary>A blank line before a top-level item, above the comments that lead into it.</summary>
    private void SeparateItem()
    {
        int at = _commentRunStart >= 0 ? _commentRunStart : _lines.Count;
        if (at == 0 || _lines[at - 1].Length == 0) return;
        _lines.Insert(at, "");
    }

    /// <summary>Indentation of a line starting at token i: the open levels, minus those its leading closers end.</summary>
    private int LineIndent(int i)
    {
        int depth = Depth;
        int top = _open.Count - 1;
        for (int j = i; j < _tokens.Count && TokenAnalysis.IsCloser(_tokens[j].Kind); j++)
        {
            if (j > i && (_tokens[j].NewlineBefore || (_a.IsBlockBrace(j) && _tokens[j].Kind == TokenKind.RBrace))) break;
            if (top < 0 || _open[top].Open != _a.Partner[j]) break;
            depth -= _open[top].Levels;
            top--;
        }
        return depth;
    }

    private void Track(int i)
    {
        var k = _tokens[i].Kind;
        if (TokenAnalysis.IsOpener(k))
        {
            int levels = k == TokenKind.LBrace
                ? (_a.IsBlockBrace(i) ? 1 : 0)
                : (i + 1 < _tokens.Count && _a.Line(i + 1) > _a.Line(i) && _tokens[i + 1].Kind != TokenKind.EndOfFile ? 1 : 0);
            _open.Add((i, levels));
        }
        else if (TokenAnalysis.IsCloser(k))
        {
            int open = _a.Partner[i];
            int at = _open.FindLastIndex(o => o.Open == open);
            if (at >= 0) _open.RemoveRange(at, _open.Count - at);
        }
    }

    private void FlushLine()
    {
        if (!_hasContent) return;
        _lines.Add(_cur.ToString().TrimEnd());
        _cur.Clear();
        _hasContent = false;
        _afterInlineComment = false;
    }

    private void AddBlankLine()
    {
        if (_lines.Count > 0 && _lines[^1].Length != 0) _lines.Add("");
        _commentRunStart = -1;
    }

    private static string IndentText(int depth)
    {
        var sb = new StringBuilder();
        for (int d = 0; d < depth; d++) sb.Append(Indent);
        return sb.ToString();
    }
}
