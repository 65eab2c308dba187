using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Security.Cryptography;
using System.Text;

namespace Milo.Tests.Emit;

/// <summary>
/// The PDB of a compiled program: every document (the user's files and the std modules it imports) carries its source
/// (embedded) and a SHA-256 of it; files on disk are named by full path, std modules by module name.
/// </summary>
public class PdbSourceTests
{
    private static readonly Guid EmbeddedSourceKind = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");
    private static readonly Guid Sha256 = new("8829d00f-11b8-4213-878b-770e8597ac16");

    private sealed record Doc(string Name, Guid HashAlgorithm, byte[] Hash, byte[]? Source);

    private static List<Doc> ReadDocuments(string pdbPath)
    {
        using var stream = File.OpenRead(pdbPath);
        using var provider = MetadataReaderProvider.FromPortablePdbStream(stream);
        var pdb = provider.GetMetadataReader();
        var docs = new List<Doc>();
        foreach (var h in pdb.Documents)
        {
            var d = pdb.GetDocument(h);
            byte[]? source = null;
            foreach (var ch in pdb.GetCustomDebugInformation(h))
            {
                var cdi = pdb.GetCustomDebugInformation(ch);
                if (pdb.GetGuid(cdi.Kind) != EmbeddedSourceKind) continue;
                var blob = pdb.GetBlobBytes(cdi.Value);
                int size = BitConverter.ToInt32(blob, 0);     // 0: stored as is, else the deflated content's size
                if (size == 0) source = blob[4..];
                else
                {
                    using var inflate = new DeflateStream(new MemoryStream(blob, 4, blob.Length - 4), CompressionMode.Decompress);
                    var ms = new MemoryStream();
                    inflate.CopyTo(ms);
                    source = ms.ToArray();
                    Assert.Equal(size, source.Length);
                }
            }
            docs.Add(new Doc(pdb.GetString(d.Name), pdb.GetGuid(d.HashAlgorithm), pdb.GetBlobBytes(d.Hash), source));
        }
        return docs;
    }

    [Fact]
    public void Documents_embed_their_source_with_a_sha256()
    {
        var dir = Path.Combine(Path.GetTempPath(), "milo-pdb-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var main = Path.Combine(dir, "main.milo");
        var text = """
            from "std/strconv" import { parseInt }
            from "helper" import { twice }

            fn main(): i32 {
                match parseInt("21") {
                    Option.Some(n) => { print(twice(n)) }
                    Option.None => { print("none") }
                }
                return 0
            }

            """;
        File.WriteAllText(main, text);
        File.WriteAllText(Path.Combine(dir, "helper.milo"), "pub fn twice(x: i64): i64 {\n    return x * 2\n}\n");
        var c = Milo.Compiler.Compilation.FromFile(main);
        Assert.True(c.Emit(Path.Combine(dir, "main.dll")), string.Join("\n", c.Diagnostics.Select(d => d.Format())));

        var docs = ReadDocuments(Path.Combine(dir, "main.pdb"));
        var user = docs.Single(d => d.Name == Path.GetFullPath(main));
        Assert.Equal(File.ReadAllBytes(main), user.Source);
        Assert.Contains(docs, d => d.Name == Path.GetFullPath(Path.Combine(dir, "helper.milo")) && d.Source != null);
        var std = docs.Single(d => d.Name.Contains("strconv"));
        Assert.False(Path.IsPathRooted(std.Name), std.Name);              // not a made-up path on disk
        Assert.Contains("fn parseInt", Encoding.UTF8.GetString(std.Source!));
        foreach (var d in docs)
        {
            Assert.NotNull(d.Source);
            Assert.Equal(Sha256, d.HashAlgorithm);
            Assert.Equal(SHA256.HashData(d.Source!), d.Hash);
        }
    }
}
