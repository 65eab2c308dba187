using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Milo.Runtime;

namespace Milo.Benchmarks;

/// <summary>
/// The json benchmark: the reference's benchmarks/json document — <c>{"items": [...]}</c> with 10k items
/// <c>{"id": i, "name": "item_i", "price": i * 1.5, "tags": ["red", "big", "fast"], "active": i is even}</c> in Python's
/// json.dumps layout, 1,005,383 bytes — parsed, walked (item count + active items + integer part of the price sum),
/// stringified, parsed again and walked again. Milo: Programs/json.milo with std/json (<c>fn benchDoc(text: &amp;string)</c>);
/// C#: System.Text.Json's mutable DOM (<see cref="JsonNode"/>.Parse, <c>ToJsonString()</c>). Both get the same text,
/// generated once outside the timed call; the Milo program's own <c>document(10000)</c> must produce the same text.
/// </summary>
public static class JsonWorkload
{
    public const int Items = 10_000;

    private static string? _text;

    /// <summary>The document (generated once).</summary>
    public static string Text => _text ??= Document(Items);

    public static string Document(int n)
    {
        var sb = new StringBuilder("{\"items\": [");
        for (int i = 0; i < n; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append("{\"id\": ").Append(i).Append(", \"name\": \"item_").Append(i).Append("\", \"price\": ")
              .Append((i * 1.5).ToString("0.0###", CultureInfo.InvariantCulture))
              .Append(", \"tags\": [\"red\", \"big\", \"fast\"], \"active\": ").Append(i % 2 == 0 ? "true" : "false").Append('}');
        }
        return sb.Append("]}").ToString();
    }

    /// <summary>C#: parse → walk → stringify → parse → walk.</summary>
    public static long CSharp() => ParseStringify(Text);

    public static long ParseStringify(string text)
    {
        var doc = JsonNode.Parse(text)!;
        long first = Walk(doc);
        var again = JsonNode.Parse(doc.ToJsonString())!;
        return first + Walk(again);
    }

    private static long Walk(JsonNode doc)
    {
        var items = doc["items"]!.AsArray();
        double sum = 0;
        long active = 0;
        foreach (var item in items)
        {
            sum += (double)item!["price"]!;
            if ((bool)item["active"]!) active++;
        }
        return items.Count + active + (long)sum;
    }

    /// <summary>
    /// Compiles Programs/json.milo, checks that its <c>document(10000)</c> is <see cref="Text"/> byte for byte, and returns
    /// a call of its <c>benchDoc</c> on that text (converted to a Milo string once, here).
    /// </summary>
    public static Func<long> LoadMilo()
    {
        var program = MiloProgramLoader.Load("json", "benchDoc").DeclaringType!;
        var document = program.GetMethod("document")!.CreateDelegate<Func<long, MiloString>>();
        var miloText = document(Items);
        if (miloText.ToString() != Text)
            throw new InvalidOperationException("json.milo: document(10000) differs from the C# document");
        // `fn benchDoc(text: &string): i64` takes the string itself: a read-only `&` of a class-typed value is passed by
        // value when nothing else the function receives could write the caller's variable (Emit/RefParamPassing.cs).
        var bench = program.GetMethod("benchDoc")!.CreateDelegate<Func<MiloString, long>>();
        return () => bench(miloText);
    }
}
