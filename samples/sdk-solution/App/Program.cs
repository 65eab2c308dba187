// C# calling the Milo library ../Greeter (Greeter.miloproj, built by Milo.Sdk through the ProjectReference).
using Greeter;

Console.WriteLine((string)Lib.Greet("C#"));
Console.WriteLine($"1 + 2 + ... + 100 = {Lib.SumTo(100)}");
