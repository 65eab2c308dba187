namespace Milo.Compiler.Diagnostics;

/// <summary>
/// Stable error codes, assigned by message template (the wording follows the reference compiler, so the template is the
/// identity of a diagnostic). Codes never change meaning; new templates get new codes.
/// E00xx syntax · E01xx names · E02xx types · E03xx ownership/mutability · E04xx control flow/patterns ·
/// E05xx traits/interfaces · E06xx modules · E07xx threads · E08xx unsafe/FFI · E09xx .NET imports · E0999 other.
/// </summary>
public static class DiagnosticCodes
{
    private static readonly (string Fragment, string Code)[] Table =
    {
        ("unterminated", "E0001"), ("unexpected character", "E0002"), ("unexpected token", "E0003"), ("expected ", "E0004"),
        ("nesting too deep", "E0005"), ("integer literal too large", "E0006"), ("internal parser error", "E0007"),
        ("undefined variable", "E0101"), ("undefined function", "E0102"), ("unknown type", "E0103"), ("unknown struct", "E0104"),
        ("unknown enum", "E0105"), ("already declared in this scope", "E0106"), ("has no field", "E0107"), ("has no method", "E0108"),
        ("has no variant", "E0109"), ("missing field", "E0110"), ("is not a function", "E0111"),
        ("type mismatch", "E0201"), ("requires numeric type", "E0202"), ("cannot cast", "E0203"), ("overflows", "E0204"),
        ("is out of range", "E0206"), ("condition must be bool", "E0207"), ("args, got", "E0208"), ("argument(s), got", "E0208"),
        ("cannot infer", "E0209"), ("not hashable", "E0210"), ("cannot iterate", "E0211"), ("cannot use '", "E0212"),
        (": expected ", "E0213"), ("conflicting inference", "E0214"), ("requires integer type", "E0215"), ("requires bool", "E0216"),
        ("use of moved variable", "E0301"), ("out of a loop", "E0302"), ("captured by a closure", "E0303"),
        ("cannot assign to immutable", "E0304"), ("to immutable", "E0305"), ("from immutable", "E0305"),
        ("references cannot be stored", "E0306"), ("cannot return a reference", "E0307"), ("invalid assignment target", "E0308"),
        ("'break' outside", "E0401"), ("'continue' outside", "E0402"), ("return type mismatch", "E0403"), ("return without value", "E0403"),
        ("non-exhaustive match", "E0404"), ("requires a wildcard", "E0405"), ("'?' ", "E0406"), ("ambiguous From", "E0407"), ("ambiguous method", "E0511"),
        ("fields, but pattern has", "E0408"), ("does not match subject", "E0409"), ("'!' requires", "E0410"), ("'??'", "E0411"),
        ("infinite size", "E0412"), ("no 'main' function", "E0413"), ("missing return", "E0414"),
        ("does not implement trait", "E0501"), ("missing required method", "E0502"), ("requires impl", "E0503"),
        ("does not satisfy interface", "E0504"), ("unknown trait", "E0505"), ("cannot derive", "E0506"), ("duplicate impl", "E0507"),
        ("is not defined in trait", "E0508"), ("supertrait", "E0509"), ("Drop", "E0510"),
        ("error[import]", "E0601"), ("error[embed]", "E0603"), ("embedFile", "E0603"),
        ("across threads", "E0701"), ("parallel block", "E0702"),
        ("unsafe", "E0801"), ("pointer", "E0802"), ("address-of", "E0803"),
        // .NET imports (docs/dotnet-imports.md)
        ("unknown .NET namespace", "E0901"), ("unknown .NET type '", "E0902"), ("no overload of '", "E0903"), ("ambiguous call to '", "E0904"),
        ("cannot be used from Milo", "E0905"), ("cannot be called with (", "E0905"), ("be a .NET type argument", "E0906"),
        ("cannot load .NET reference", "E0907"), ("clashes with a Milo type", "E0908"), ("has no static method '", "E0909"),
        ("has no property or field '", "E0910"), ("has no static property or field '", "E0910"), ("cannot await '", "E0911"),
    };

    /// <summary>The code of a diagnostic message (E0999 when no template matches).</summary>
    public static string For(string message)
    {
        // Ordered: more specific fragments first within each group; pick the first fragment the message contains,
        // preferring longer fragments so "return type mismatch" beats "type mismatch".
        string? best = null; int bestLen = -1;
        foreach (var (fragment, code) in Table)
            if (message.Contains(fragment, StringComparison.Ordinal) && fragment.Length > bestLen)
            {
                best = code; bestLen = fragment.Length;
            }
        return best ?? "E0999";
    }
}
