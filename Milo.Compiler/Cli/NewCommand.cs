using System.CommandLine;
using System.Reflection;

namespace Milo.Compiler.Cli;

/// <summary>
/// `milo new console|lib NAME [-o DIR]`: scaffolds a project folder DIR/NAME with NAME.miloproj (Milo.Sdk: dotnet build,
/// run, test, pack; docs/milo-sdk.md).
/// <list type="bullet">
/// <item>console: main.milo (hello world), NAME.miloproj (OutputType Exe), README.md, .gitignore.</item>
/// <item>lib: lib.milo (a few `pub` items), NAME.miloproj (OutputType Library), README.md with the C# side, .gitignore.
///   The library's API is `NS.Lib.*` where NS is the namespace the compiler derives from the assembly name NAME and Lib
///   the class named after lib.milo (docs/interop.md).</item>
/// </list>
/// </summary>
internal static class NewCommand
{
    public static Command Create()
    {
        var kind = new Argument<string>("TEMPLATE") { Description = "console (a program with main) or lib (a library for .NET/C# consumers)" };
        kind.AcceptOnlyFromAmong("console", "lib");
        var name = new Argument<string>("NAME") { Description = "Project name (letters, digits, '_', '-', '.'; starts with a letter)" };
        var output = new Option<string?>("--output", "-o") { Description = "Parent directory (default: the current directory); the project goes to DIR/NAME" };
        var cmd = new Command("new", "Create a new Milo project from a template: console or lib") { kind, name, output };
        cmd.SetAction(pr => Run(pr.GetRequiredValue(kind), pr.GetRequiredValue(name), pr.GetValue(output)));
        return cmd;
    }

    public static int Run(string template, string name, string? parent)
    {
        if (name.Length == 0 || !char.IsAsciiLetter(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            Console.Error.WriteLine($"error: invalid project name '{name}' (use letters, digits, '_', '-', '.'; start with a letter)");
            return CompilerDriver.ExitError;
        }
        var dir = Path.GetFullPath(Path.Combine(parent ?? Directory.GetCurrentDirectory(), name));
        if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
        {
            Console.Error.WriteLine($"error: '{dir}' already exists and is not empty");
            return CompilerDriver.ExitError;
        }
        Directory.CreateDirectory(dir);
        var files = template == "lib" ? LibFiles(name) : ConsoleFiles(name);
        foreach (var (file, text) in files)
            File.WriteAllText(Path.Combine(dir, file), text.ReplaceLineEndings("\n"));
        Console.WriteLine($"created {template} project '{name}' in {dir}");
        foreach (var (file, _) in files) Console.WriteLine($"  {file}");
        Console.WriteLine(template == "lib"
            ? $"next: cd {name} && dotnet build"
            : $"next: cd {name} && dotnet run");
        return CompilerDriver.ExitOk;
    }

    private const string GitIgnore = "bin/\nobj/\n*.dll\n*.pdb\n*.runtimeconfig.json\n";

    /// <summary>NAME.miloproj: an MSBuild project on Milo.Sdk of this compiler's version.</summary>
    private static (string File, string Text) Project(string name, string outputType) => ($"{name}.miloproj", $$"""
        <Project Sdk="Milo.Sdk/{{MiloCli.Version}}">
          <!-- The *.milo files in this folder are the sources (main.milo / lib.milo is the main one). docs/milo-sdk.md -->
          <PropertyGroup>
            <OutputType>{{outputType}}</OutputType>
            <TargetFramework>net10.0</TargetFramework>
          </PropertyGroup>
        </Project>

        """);

    private static List<(string File, string Text)> ConsoleFiles(string name) =>
    [
        ("main.milo", $$"""
            // {{name}}: a Milo program.
            //   dotnet run                                 build {{name}}.miloproj with Milo.Sdk and run it
            //   milo run main.milo                         or: compile in memory and run

            fn greeting(who: string): string {
                return $"Hello from {who}!"
            }

            fn main(): i32 {
                print(greeting("{{name}}"))
                return 0
            }

            """),
        ("README.md", $$"""
            # {{name}}

            A Milo console program: `{{name}}.miloproj` builds it with the Milo.Sdk package (compiler included).

            ```sh
            dotnet run                                   # build and run it
            dotnet build                                 # bin/Debug/net10.0/{{name}}.dll
            milo run main.milo                           # or, with the milo tool: compile in memory and run
            ```

            """),
        Project(name, "Exe"),
        (".gitignore", GitIgnore),
    ];

    private static List<(string File, string Text)> LibFiles(string name)
    {
        // What the compiler names them for the assembly NAME (MSBuild's default AssemblyName is the project name).
        var ns = Symbols.ClrNames.Namespace(name);
        var cls = Symbols.ClrNames.ModuleClassName("lib.milo", ns);
        return [("lib.milo", LibSource(name, ns, cls)), Project(name, "Library"), ("README.md", LibReadme(name, ns, cls)), (".gitignore", GitIgnore)];
    }

    /// <summary>lib.milo: a small library whose `pub` items show each kind of .NET API (class functions, a struct, an Option).</summary>
    private static string LibSource(string name, string ns, string cls) => $$"""
        // {{name}}: a Milo library. `pub` items are its .NET API (docs/interop.md); `dotnet build` compiles it.
        // C#: {{ns}}.{{cls}}.Greet("you"), {{ns}}.{{cls}}.Add(1, 2), {{ns}}.Counter.New(1) …

        pub struct Counter {
            count: i64
            step: i64
        }

        impl Counter {
            pub fn new(step: i64): Counter {
                return Counter { count: 0, step: step }
            }

            pub fn tick(self: &mut Self): i64 {
                self.count = self.count + self.step
                return self.count
            }
        }

        pub fn greet(name: string): string {
            return $"Hello, {name}!"
        }

        pub fn add(a: i64, b: i64): i64 {
            return a + b
        }

        // Not pub: internal to the library.
        fn clamp(x: i64, lo: i64, hi: i64): i64 {
            if x < lo { return lo }
            if x > hi { return hi }
            return x
        }

        pub fn percent(part: i64, whole: i64): Option<i64> {
            if whole == 0 {
                return Option.None
            }
            return Option.Some(clamp(part * 100 / whole, 0, 100))
        }

        """;

    /// <summary>README.md of a library project: building, packing and calling it from C#.</summary>
    private static string LibReadme(string name, string ns, string cls) => $$"""
        # {{name}}

        A Milo library for .NET: `{{name}}.miloproj` builds it with the Milo.Sdk package (compiler included).

        ```sh
        dotnet build                                 # bin/Debug/net10.0/{{name}}.dll (+ .pdb)
        dotnet pack                                  # bin/Release/{{name}}.1.0.0.nupkg, depending on Milo.Runtime/Milo.Stdlib
        ```

        The API is the static class `{{ns}}.{{cls}}` plus the `pub` types (`{{ns}}.Counter`, `{{ns}}.Option_i64`).

        ## Using it from C#

        Reference the project from your `.csproj` (or the package `dotnet pack` wrote):

        ```xml
        <ItemGroup>
          <ProjectReference Include="../{{name}}/{{name}}.miloproj" />
        </ItemGroup>
        ```

        ```csharp
        using {{ns}};

        Console.WriteLine({{cls}}.Greet("C#"));            // string in, string out
        var c = Counter.New(5);
        c.Tick();
        Console.WriteLine(c.Tick());                   // 10
        var p = {{cls}}.Percent(1, 4);
        Console.WriteLine(p.IsSome ? p.Value : -1);    // 25
        ```

        """;
}
