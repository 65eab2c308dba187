// C# calling the Milo library ../Greeter (Greeter.miloproj, built by Milo.Sdk through the ProjectReference).
// The surface is ordinary C#: `in`/`ref` parameters, enum Is…/TryGet…/Match, Milo.Runtime.Option<T>, exceptions.
using Greeter;
using Milo.Runtime;

Console.WriteLine((string)Lib.Greet("C#"));
Console.WriteLine($"1 + 2 + ... + 100 = {Lib.SumTo(100)}");

var guest = new Guest { Name = "Ada", Visits = 0 };
Console.WriteLine((string)Lib.Welcome(guest, Tone.Plain));          // &Guest: `in Guest`, passed like a value
Lib.Visit(ref guest);                                                 // &mut Guest: `ref Guest`
Lib.Visit(ref guest);
Console.WriteLine(guest);                                             // Milo's display form
Tone tone = Lib.ToneFor(guest.Visits);
if (tone.TryGetExcited(out long n)) Console.WriteLine($"excited x{n}: {(string)Lib.Welcome(guest, tone)}");
Console.WriteLine(tone.Match(plain: () => "plain", excited: k => $"excited({k})", custom: (a, b) => $"custom {a}/{b}"));
Console.WriteLine((string)Lib.Welcome(guest, Tone.Custom("Dear", "- see you soon")));

Option<MiloString> found = Lib.FindByPrefix(new MiloVec<MiloString> { "Grace", "Alan" }, "Al");
Console.WriteLine(found.TryGetValue(out var name) ? $"found {name}" : "none");
Console.WriteLine(Lib.FindByPrefix(new MiloVec<MiloString>(), "x"));

try { Lib.Nth(new MiloVec<MiloString> { "only" }, 3); }
catch (MiloPanicException e) { Console.WriteLine($"caught: {e.Message} (line {e.MiloLine})"); }
