using System.Text;
using System.Text.RegularExpressions;

namespace Milo.Tests.Fuzz;

/// <summary>One fuzz input: where it came from (for the failure message), the path given to the compiler and the text.</summary>
public sealed record FuzzCase(string Description, string Path, string Text);

/// <summary>
/// Deterministic (seeded) mutations of Milo source: token and line edits, truncation, random characters, splices
/// between programs, deep nesting and huge literals. Every mutation is a pure function of (seed corpus, Random).
/// </summary>
public sealed class FuzzMutator
{
    private static readonly Regex TokenRx = new(
        @"\s+|//[^\n]*|/\*.*?\*/|\$?""(?:\\.|[^""\\\n])*""?|'(?:\\.|[^'\\\n])*'?|0[xXbBoO][0-9A-Fa-f_]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?|[A-Za-z_][A-Za-z0-9_]*|\.\.=?|::|->|=>|[=!<>]=|&&|\|\||<<|>>|[+\-*/%]=|\?\?|.",
        RegexOptions.Singleline | RegexOptions.Compiled);

    /// <summary>Tokens worth inserting: keywords, punctuation, type names, odd literals.</summary>
    private static readonly string[] Vocabulary =
    {
        "fn", "let", "var", "return", "if", "else", "while", "for", "in", "match", "struct", "enum", "trait", "impl",
        "interface", "type", "unsafe", "move", "parallel", "extern", "from", "import", "break", "continue", "as", "is",
        "null", "true", "false", "mut", "Self", "self", "main", "print", "Option", "Result", "Some", "None", "Ok", "Err",
        "Vec", "Map", "Channel", "Thread", "Mutex", "string", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64",
        "f32", "f64", "bool", "char", "void", "{", "}", "(", ")", "[", "]", "<", ">", ";", ":", ",", ".", "..", "..=",
        "=", "==", "!=", "+", "-", "*", "/", "%", "&", "&&", "|", "||", "^", "!", "?", "??", "=>", "->", "<<", ">>",
        "@derive(Eq)", "@", "#", "$", "\"", "'", "\\", "$\"{", "\"{x}\"", "0", "1", "-1", "255", "256", "2147483648",
        "9223372036854775807", "9223372036854775808", "18446744073709551616", "0x", "0xFFFFFFFFFFFFFFFFF", "1e309",
        "1.5", ".5", "0b102", "'ab'", "''", "\"\\u{110000}\"", "\"\\x\"", "$\"{}\"", "$\"{{\"", "x", "_", "T", "U",
        "\n", " ", "\t", "\r", "/*", "*/", "//",
    };

    private readonly Random _rng;
    private readonly IReadOnlyList<FuzzCase> _seeds;

    public FuzzMutator(Random rng, IReadOnlyList<FuzzCase> seeds)
    {
        _rng = rng;
        _seeds = seeds;
    }

    public static List<string> Tokenize(string text)
    {
        var list = new List<string>();
        foreach (Match m in TokenRx.Matches(text)) list.Add(m.Value);
        return list;
    }

    private T Pick<T>(IReadOnlyList<T> xs) => xs[_rng.Next(xs.Count)];

    /// <summary>A mutated version of a random seed (1–4 stacked mutations).</summary>
    public FuzzCase Next()
    {
        var seed = Pick(_seeds);
        var text = seed.Text;
        var steps = new List<string>();
        int n = 1 + (_rng.Next(4) == 0 ? _rng.Next(4) : 0);
        for (int i = 0; i < n; i++)
        {
            var (name, result) = MutateOnce(text);
            steps.Add(name);
            text = result;
        }
        return new FuzzCase($"{seed.Description} + {string.Join(", ", steps)}", seed.Path, text);
    }

    private (string, string) MutateOnce(string text)
    {
        switch (_rng.Next(100))
        {
            case < 14: return ("delete token", EditTokens(text, TokenOp.Delete));
            case < 24: return ("duplicate token", EditTokens(text, TokenOp.Duplicate));
            case < 34: return ("swap tokens", EditTokens(text, TokenOp.Swap));
            case < 46: return ("insert token", EditTokens(text, TokenOp.Insert));
            case < 52: return ("replace token", EditTokens(text, TokenOp.Replace));
            case < 58: return ("delete line", EditLines(text, LineOp.Delete));
            case < 63: return ("duplicate line", EditLines(text, LineOp.Duplicate));
            case < 68: return ("swap lines", EditLines(text, LineOp.Swap));
            case < 73: return ("splice line", EditLines(text, LineOp.Splice));
            case < 78: return ("truncate", text[..(text.Length == 0 ? 0 : _rng.Next(text.Length))]);
            case < 84: return ("random chars", RandomChars(text));
            case < 87: return ("random bytes", RandomBytes(text));
            case < 93: return ("deep nesting", DeepNesting(text, RandomDepth()));
            default: return ("huge literal", HugeLiteral(text));
        }
    }

    private enum TokenOp { Delete, Duplicate, Swap, Insert, Replace }

    private string EditTokens(string text, TokenOp op)
    {
        var toks = Tokenize(text);
        // Prefer non-whitespace tokens as targets.
        int PickTok()
        {
            if (toks.Count == 0) return 0;
            for (int tries = 0; tries < 8; tries++)
            {
                int i = _rng.Next(toks.Count);
                if (!string.IsNullOrWhiteSpace(toks[i])) return i;
            }
            return _rng.Next(toks.Count);
        }
        if (toks.Count == 0) return Pick(Vocabulary);
        int a = PickTok();
        int count = _rng.Next(5) == 0 ? 1 + _rng.Next(4) : 1;
        switch (op)
        {
            case TokenOp.Delete:
                toks.RemoveRange(a, Math.Min(count, toks.Count - a));
                break;
            case TokenOp.Duplicate:
            {
                var span = toks.GetRange(a, Math.Min(count, toks.Count - a));
                toks.InsertRange(a, span);
                break;
            }
            case TokenOp.Swap:
            {
                int b = PickTok();
                (toks[a], toks[b]) = (toks[b], toks[a]);
                break;
            }
            case TokenOp.Insert:
            {
                var ins = _rng.Next(3) == 0 ? Pick(toks) : Pick(Vocabulary);
                toks.Insert(a, _rng.Next(2) == 0 ? ins : " " + ins + " ");
                break;
            }
            case TokenOp.Replace:
                toks[a] = _rng.Next(2) == 0 ? Pick(Vocabulary) : Pick(toks);
                break;
        }
        return string.Concat(toks);
    }

    private enum LineOp { Delete, Duplicate, Swap, Splice }

    private string EditLines(string text, LineOp op)
    {
        var lines = text.Split('\n').ToList();
        int a = _rng.Next(lines.Count);
        switch (op)
        {
            case LineOp.Delete:
                lines.RemoveRange(a, Math.Min(1 + (_rng.Next(3) == 0 ? _rng.Next(5) : 0), lines.Count - a));
                break;
            case LineOp.Duplicate:
                lines.Insert(a, lines[_rng.Next(lines.Count)]);
                break;
            case LineOp.Swap:
            {
                int b = _rng.Next(lines.Count);
                (lines[a], lines[b]) = (lines[b], lines[a]);
                break;
            }
            case LineOp.Splice:
            {
                var other = Pick(_seeds).Text.Split('\n');
                int from = _rng.Next(other.Length);
                int len = Math.Min(1 + _rng.Next(6), other.Length - from);
                lines.InsertRange(a, other.Skip(from).Take(len));
                break;
            }
        }
        return string.Join('\n', lines);
    }

    private char RandomChar() => _rng.Next(10) switch
    {
        < 4 => (char)_rng.Next(0x20, 0x7F),
        4 => (char)_rng.Next(0, 0x20),
        5 => (char)_rng.Next(0xD800, 0xE000),          // lone surrogate halves
        6 => "\0\uFEFF\u200B\u2028\u00A0\uFFFF\uFFFD\u0085"[_rng.Next(8)],
        7 => (char)_rng.Next(0x80, 0x800),
        _ => (char)_rng.Next(0x20, 0x10000),
    };

    private string RandomChars(string text)
    {
        var sb = new StringBuilder(text);
        int edits = 1 + _rng.Next(8);
        for (int i = 0; i < edits; i++)
        {
            int pos = sb.Length == 0 ? 0 : _rng.Next(sb.Length);
            switch (_rng.Next(3))
            {
                case 0: sb.Insert(pos, RandomChar()); break;
                case 1 when sb.Length > 0: sb[pos] = RandomChar(); break;
                default: if (sb.Length > 0) sb.Remove(pos, 1); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Random bytes decoded as UTF-8 (what reading a binary file as source gives), inserted or overwriting.</summary>
    private string RandomBytes(string text)
    {
        var bytes = new byte[1 + _rng.Next(_rng.Next(4) == 0 ? 4096 : 64)];
        _rng.NextBytes(bytes);
        var junk = Encoding.UTF8.GetString(bytes);
        int pos = text.Length == 0 ? 0 : _rng.Next(text.Length);
        return _rng.Next(4) switch
        {
            0 => junk,
            1 => text[..pos] + junk,
            _ => text[..pos] + junk + text[pos..],
        };
    }

    private int RandomDepth() => _rng.Next(8) switch
    {
        0 => 50,
        1 => 199,
        2 => 200,
        3 => 201,
        4 => 1000,
        5 => 5000,
        6 => 20_000,
        _ => _rng.Next(2, 400),
    };

    /// <summary>Wraps something at a random point of <paramref name="text"/> <paramref name="depth"/> levels deep.</summary>
    public string DeepNesting(string text, int depth)
    {
        var construct = DeepConstruct(_rng.Next(DeepKinds), depth);
        // Either replace the body of main, insert at a random line, or append a new function.
        int idx = text.IndexOf("fn main", StringComparison.Ordinal);
        int brace = idx >= 0 ? text.IndexOf('{', idx) : -1;
        switch (_rng.Next(3))
        {
            case 0 when brace >= 0:
                return text[..(brace + 1)] + "\n    let _deep = " + construct + "\n" + text[(brace + 1)..];
            case 1:
            {
                var lines = text.Split('\n').ToList();
                lines.Insert(_rng.Next(lines.Count + 1), construct);
                return string.Join('\n', lines);
            }
            default:
                return text + "\nfn deep(x: i32): i32 {\n    return " + construct + "\n}\n";
        }
    }

    public const int DeepKinds = 16;

    /// <summary>A construct nested <paramref name="depth"/> levels (kind selects which).</summary>
    public static string DeepConstruct(int kind, int depth)
    {
        string Rep(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();
        return kind switch
        {
            0 => Rep("(", depth) + "1" + Rep(")", depth),
            1 => Rep("{ ", depth) + "1" + Rep(" }", depth),
            2 => Rep("[", depth) + "1" + Rep("]", depth),
            3 => "1" + Rep(" + 1", depth),                                  // long left-associative chain
            4 => Rep("-", depth) + "1",
            5 => Rep("!", depth) + "true",
            6 => "x" + Rep(".f", depth),
            7 => "f" + Rep("(0)", depth),
            8 => Rep("if true { ", depth) + "1" + Rep(" } else { 0 }", depth),
            9 => "Vec" + Rep("<Vec", depth) + "<i32" + Rep(">", depth + 1) + ".new()",
            10 => Rep("(x: i32) => ", depth) + "x",
            11 => Rep("$\"{", depth) + "1" + Rep("}\"", depth),
            12 => "1" + Rep(" as i64 as i32", depth),
            13 => Rep("f(", depth) + Rep(")", depth),                         // unbalanced on purpose: f(f(f(
            14 => "a" + Rep("[0]", depth),
            _ => Rep("match x { _ => ", depth) + "1" + Rep(" }", depth),
        };
    }

    /// <summary>Replaces a random literal (or inserts one) with a huge one.</summary>
    public string HugeLiteral(string text)
    {
        var lit = HugeLiteralText(_rng.Next(HugeKinds), _rng.Next(3) switch { 0 => 300, 1 => 10_000, _ => 200_000 });
        var toks = Tokenize(text);
        var litIdx = Enumerable.Range(0, toks.Count).Where(i => toks[i].Length > 0 && (char.IsDigit(toks[i][0]) || toks[i][0] == '"')).ToList();
        if (litIdx.Count > 0 && _rng.Next(3) != 0)
        {
            toks[Pick(litIdx)] = lit;
            return string.Concat(toks);
        }
        return text + "\nfn huge(): i64 {\n    let h = " + lit + "\n    return 0\n}\n";
    }

    public const int HugeKinds = 10;

    public static string HugeLiteralText(int kind, int size) => kind switch
    {
        0 => new string('9', size),
        1 => "0x" + new string('F', size),
        2 => "0b" + new string('1', size),
        3 => "1" + new string('0', size) + ".5",
        4 => "1e" + new string('9', Math.Min(size, 400)),
        5 => "\"" + new string('a', size) + "\"",
        6 => "$\"" + string.Concat(Enumerable.Repeat("{1}", size / 3)) + "\"",
        7 => new string('x', size),                         // huge identifier
        8 => "\"" + string.Concat(Enumerable.Repeat("\\n\\u{1F600}", size / 10 + 1)) + "\"",
        _ => "0." + new string('0', size) + "1",
    };
}
