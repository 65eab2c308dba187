using Milo.Compiler.Cli;

namespace Milo.Tests.Interop;

/// <summary>`milo new console|lib NAME`: the generated projects compile, and the lib's README C# works against it.</summary>
public class ScaffoldTests
{
    private static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "milo-new-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }

    [Fact]
    public void New_lib_creates_a_library_usable_from_CSharp()
    {
        var parent = TempDir();
        Assert.Equal(0, MiloCli.Run(["new", "lib", "Demo", "-o", parent]));
        var dir = Path.Combine(parent, "Demo");
        foreach (var f in new[] { "lib.milo", "Demo.miloproj", "README.md", ".gitignore" })
            Assert.True(File.Exists(Path.Combine(dir, f)), f);
        using var lib = MiloLibrary.CompileFile(Path.Combine(dir, "lib.milo"), "Demo");
        var result = lib.Run("""
            using Demo;
            public static class Test
            {
                public static object Run()
                {
                    var c = Counter.New(5);
                    c.Tick();
                    var p = Lib.Percent(1, 4);
                    return $"{(string)Lib.Greet("C#")} {Lib.Add(1, 2)} {c.Tick()} {(p.IsSome ? p.Value : -1)} {Lib.Percent(1, 0).IsNone}";
                }
            }
            """);
        Assert.Equal("Hello, C#! 3 10 25 True", result);
    }

    [Fact]
    public void New_lib_README_names_the_namespace_and_class_the_compiler_emits()
    {
        // `milo new lib mylib`: the namespace is the assembly name as is (was: README said `using Mylib;`, CS0246).
        var parent = TempDir();
        Assert.Equal(0, MiloCli.Run(["new", "lib", "my-lib", "-o", parent]));
        var dir = Path.Combine(parent, "my-lib");
        var readme = File.ReadAllText(Path.Combine(dir, "README.md"));
        var usingLine = System.Text.RegularExpressions.Regex.Match(readme, @"^using ([\w.]+);$", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(usingLine.Success, readme);
        var greet = System.Text.RegularExpressions.Regex.Match(readme, @"Console\.WriteLine\((\w+)\.Greet\(""C#""\)\);");
        Assert.True(greet.Success, readme);
        Assert.Equal("my_lib", usingLine.Groups[1].Value);
        using var lib = MiloLibrary.CompileFile(Path.Combine(dir, "lib.milo"), "my-lib");
        var result = lib.Run($$"""
            using {{usingLine.Groups[1].Value}};
            public static class Test
            {
                public static object Run() => (string){{greet.Groups[1].Value}}.Greet("C#");
            }
            """);
        Assert.Equal("Hello, C#!", result);
        var proj = File.ReadAllText(Path.Combine(dir, "my-lib.miloproj"));
        Assert.Contains($"<Project Sdk=\"Milo.Sdk/{MiloCli.Version}\">", proj);
        Assert.Contains("<OutputType>Library</OutputType>", proj);
    }

    [Fact]
    public void New_console_creates_a_runnable_program_and_refuses_to_overwrite()
    {
        var parent = TempDir();
        Assert.Equal(0, MiloCli.Run(["new", "console", "hello-app", "-o", parent]));
        var main = Path.Combine(parent, "hello-app", "main.milo");
        var c = Milo.Compiler.Compilation.FromFile(main);
        Assert.True(c.Check(), string.Join("\n", c.Diagnostics.Select(d => d.Format())));
        Assert.Contains("<OutputType>Exe</OutputType>", File.ReadAllText(Path.Combine(parent, "hello-app", "hello-app.miloproj")));
        Assert.Equal(1, MiloCli.Run(["new", "console", "hello-app", "-o", parent])); // not empty
        Assert.Equal(1, MiloCli.Run(["new", "lib", "9lives", "-o", parent]));       // invalid name
    }
}
