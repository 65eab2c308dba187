namespace Milo.Tests.DotNet;

/// <summary>
/// The null rule for members of generic .NET types whose result is a type parameter: `T` stays `T`, `T?` becomes an
/// Option. Before, every such result of reference type was an Option — `names[0]` of a `List&lt;string&gt;`, `Stack.Pop()`,
/// `kv.Key` in a `for` over a Dictionary printed `Some("a")` and had no string methods.
/// </summary>
public class DotNetGenericTypeResultTests
{
    [Fact]
    public void TypeParameterResults_Of_Generic_Types_Are_Not_Options()
    {
        var r = DotNetHarness.CompileAndRun("""
            from "dotnet:System.Collections.Generic" import { Dictionary, List, Queue, Stack }

            fn main() {
                let names = List<string>.new()
                names.Add("ann")
                names.Add("bo")
                print(names[0].toUpper(), " ", names[1].len)
                let st = Stack<string>.new()
                st.Push("x")
                st.Push("y")
                print(st.Pop(), st.Peek())
                let q = Queue<string>.new()
                q.Enqueue("job")
                print(q.Dequeue().len)
                let caps = Dictionary<string, string>.new()
                caps["fr"] = "Paris"
                print(caps["fr"].toUpper())
                for kv in caps { print($"{kv.Key}={kv.Value}") }
            }
            """);
        Assert.Equal("", r.Stderr);
        Assert.Equal("ANN 2\nyx\n3\nPARIS\nfr=Paris\n", r.Stdout);
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void Nullable_Annotated_Results_Of_Generic_Types_Stay_Options()
    {
        var r = DotNetHarness.CompileAndRun("""
            from "dotnet:System.Collections.Generic" import { List, LinkedList }

            fn main() {
                let names = List<string>.new()
                names.Add("ann")
                names.Add("bo")
                print(names.Find((s: string): bool => s.len == 2), " ", names.Find((s: string): bool => s.len == 9))
                let ll = LinkedList<string>.new()
                print(ll.First is Option.None)
                ll.AddLast("x")
                print(ll.First!.Value)
            }
            """);
        Assert.Equal("", r.Stderr);
        Assert.Equal("Some(\"bo\") None\ntrue\nx\n", r.Stdout);
        Assert.Equal(0, r.ExitCode);
    }
}
