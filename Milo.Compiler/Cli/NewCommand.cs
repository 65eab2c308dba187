using System.CommandLine;
using System.Reflection;

namespace Milo.Compiler.Cli;

/// <summary>
/// `milo new console|lib NAME [-o DIR]`: scaffolds a project folder DIR/NAME.
/// <list type="bullet">
/// <item>console: main.milo (hello world), README.md, .gitignore.</item>
/// <item>lib: lib.milo (a few `pub` items), Milo.targets (compile it during a C# `dotnet build`), README.md with the C#
///   side, .gitignore. The library's API is `NAME.Lib.*` (namespace = assembly name, class = module name; docs/interop.md).</item>
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
            ? $"next: cd {name} && milo compile --library lib.milo -o bin/{name}.dll"
            : $"next: cd {name} && milo run main.milo");
        return CompilerDriver.ExitOk;
    }

    private const string GitIgnore = "bin/\nobj/\n*.dll\n*.pdb\n*.runtimeconfig.json\n";

    private static List<(string File, string Text)> ConsoleFiles(string name) =>
    [
        ("main.milo", $$"""
            // {{name}}: a Milo program.
            //   milo run main.milo                         compile in memory and run
            //   milo compile main.milo -o bin/{{name}}.dll   then: dotnet bin/{{name}}.dll

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

            A Milo console program.

            ```sh
            milo run main.milo                           # run it
            milo compile main.milo -o bin/{{name}}.dll     # build it
            dotnet bin/{{name}}.dll
            ```

            """),
        (".gitignore", GitIgnore),
    ];

    private static List<(string File, string Text)> LibFiles(string name)
    {
        var ns = Emit.LibraryEmitter.Pascal(Emit.TypeMapper.Sanitize(name.Replace('-', '_')));
        return
        [
            ("lib.milo", $$"""
                // {{name}}: a Milo library. `pub` items are its .NET API (docs/interop.md):
                //   milo compile --library lib.milo -o bin/{{name}}.dll
                // C#: {{ns}}.Lib.Greet("you"), {{ns}}.Lib.Add(1, 2), {{ns}}.Counter.New(1) …

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

                """),
            ("Milo.targets", ReadTemplate("Milo.targets")),
            ("README.md", $$"""
                # {{name}}

                A Milo library for .NET.

                ```sh
                milo compile --library lib.milo -o bin/{{name}}.dll
                ```

                `bin/` then holds `{{name}}.dll` (+ `.pdb`), `Milo.Runtime.dll` and `Milo.Stdlib.dll`. The API is the static class
                `{{ns}}.Lib` plus the `pub` types (`{{ns}}.Counter`, `{{ns}}.Option_i64`).

                ## Using it from C#

                Let `dotnet build` compile the Milo code: copy or reference `Milo.targets` from your `.csproj`:

                ```xml
                <Import Project="../{{name}}/Milo.targets" />
                <ItemGroup>
                  <MiloLibrary Include="../{{name}}/lib.milo" AssemblyName="{{name}}" />
                  <MiloSource Include="../{{name}}/**/*.milo" />
                </ItemGroup>
                ```

                ```csharp
                using {{ns}};

                Console.WriteLine(Lib.Greet("C#"));            // string in, string out
                var c = Counter.New(5);
                c.Tick();
                Console.WriteLine(c.Tick());                   // 10
                var p = Lib.Percent(1, 4);
                Console.WriteLine(p.IsSome ? p.Value : -1);    // 25
                ```

                """),
            (".gitignore", GitIgnore),
        ];
    }

    private static string ReadTemplate(string file)
    {
        using var s = typeof(NewCommand).Assembly.GetManifestResourceStream("templates/" + file)
                      ?? throw new InvalidOperationException($"template '{file}' is missing from the compiler");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }
}
