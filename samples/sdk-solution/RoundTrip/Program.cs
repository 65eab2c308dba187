// Greeter (a Milo library) consumed as a NuGet package rather than a project.
using Greeter;

Console.WriteLine((string)Lib.Greet("NuGet"));
Console.WriteLine($"sum to 10: {Lib.SumTo(10)}");
Console.WriteLine($"runtime from the package: {typeof(Milo.Runtime.MiloString).Assembly.GetName().Name}");
Console.WriteLine(Lib.FindByPrefix(new Milo.Runtime.MiloVec<Milo.Runtime.MiloString> { "Package" }, "Pack"));
