namespace Milo.Runtime;

/// <summary>A runtime value that can write its Milo display form (collections, boxes): used by <see cref="MiloDisplay"/>.</summary>
public interface IMiloDisplay
{
    /// <summary>Appends the display form (`["a", "b"]`, `{"k": 1}`) to <paramref name="b"/>.</summary>
    void AppendDisplay(MiloStringBuilder b);
}

/// <summary>
/// Display form of values for .NET callers: `ToString()` of library types (docs/interop.md) and of
/// <see cref="Option{T}"/>/<see cref="Result{T, E}"/>. Unlike Milo's `print` (which, as the reference, shows collection
/// fields as `&lt;unprintable&gt;`), it prints collections: `Vec` as `[1, 2]`, `HashMap` as `{"k": 1}` (slot order).
/// </summary>
public static class MiloDisplay
{
    /// <summary>Appends <paramref name="v"/> as a field value (strings quoted).</summary>
    public static MiloStringBuilder Append<T>(MiloStringBuilder b, T v)
    {
        switch (v)
        {
            case null: return b.AppendText("()");
            case MiloString s: return b.AppendQuoted(s);
            case IMiloDisplay d: d.AppendDisplay(b); return b;
            case Array a:   // [T; N]
                b.AppendByte((byte)'[');
                for (int i = 0; i < a.Length; i++) { if (i > 0) b.AppendText(", "); Append(b, a.GetValue(i)); }
                return b.AppendByte((byte)']');
            case long l: return b.AppendI64(l);
            case int i: return b.AppendI64(i);
            case short i: return b.AppendI64(i);
            case sbyte i: return b.AppendI64(i);
            case ulong u: return b.AppendU64(u);
            case uint u: return b.AppendU64(u);
            case ushort u: return b.AppendU64(u);
            case byte u: return b.AppendU64(u);
            case double d: return b.AppendF64(d);
            case float f: return b.AppendF64(f);
            case bool x: return b.AppendBool(x);
            case string s: return b.AppendQuoted(MiloString.FromString(s));
            default: return b.AppendText(v.ToString() ?? "");
        }
    }

    /// <summary>The display form of <paramref name="v"/> as a string.</summary>
    public static string Show<T>(T v) => Append(new MiloStringBuilder(), v).ToString();
}
