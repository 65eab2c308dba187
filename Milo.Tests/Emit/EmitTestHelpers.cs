using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Milo.Compiler.Binding;
using Milo.Compiler.Emit;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Tests.Emit;

/// <summary>Terse construction of hand-written bound trees, and emit → PrepareMethod → `dotnet out.dll`.</summary>
internal static class B
{
    public static readonly SourceText Src = new("test.milo", string.Concat(Enumerable.Repeat("0123456789\n", 100)));

    /// <summary>Location at line <paramref name="line"/>, column <paramref name="col"/> (1-based).</summary>
    public static Location L(int line = 1, int col = 1) => new(Src, (line - 1) * 11 + (col - 1), 1);

    public static readonly PrimitiveType I32 = TypeFactory.I32, I64 = TypeFactory.I64, U8 = TypeFactory.U8, F64 = TypeFactory.F64,
        Bool = TypeFactory.Bool, VoidT = TypeFactory.Void;
    public static readonly StringType Str = TypeFactory.String;
    public static readonly TypeFactory Factory = new();

    public static BoundLiteralExpr Lit(long v, PrimitiveType? t = null, int line = 1)
    {
        t ??= I32;
        object value = t.Kind.IsInteger() ? (t.Kind.IsSigned() ? v : (object)(ulong)v) : t.IsFloat ? (double)v : v != 0;
        return new BoundLiteralExpr(L(line), t, value);
    }
    public static BoundLiteralExpr F(double v) => new(L(), F64, v);
    public static BoundLiteralExpr True => new(L(), Bool, true);
    public static BoundStringLiteralExpr S(string s) => new(L(), System.Text.Encoding.UTF8.GetBytes(s));
    public static BoundVariableExpr V(VariableSymbol v) => new(L(), v, v.Type is RefType r ? r.Inner : v.Type);

    public static BoundBinaryExpr Bin(BinaryOp op, BoundExpr a, BoundExpr b, bool @checked = false, int line = 1)
    {
        var t = op is BinaryOp.Eq or BinaryOp.Ne or BinaryOp.Lt or BinaryOp.Le or BinaryOp.Gt or BinaryOp.Ge or BinaryOp.And or BinaryOp.Or ? Bool : a.Type;
        return new BoundBinaryExpr(L(line), op, a, b, t, @checked);
    }

    public static BoundExprStmt Print(params BoundExpr[] parts) => new(L(), new BoundPrintExpr(L(), parts.ToList(), false));
    public static BoundExprStmt Do(BoundExpr e) => new(L(), e);
    public static BoundBlock Block(params BoundStmt[] s) => new(L(), s.ToList());
    public static BoundLocalDecl Let(LocalSymbol l, BoundExpr init) => new(L(), l, init);
    public static BoundAssign Set(BoundExpr target, BoundExpr value) => new(L(), target, value);
    public static BoundReturn Ret(BoundExpr? v = null) => new(L(), v);
    public static LocalSymbol Local(string name, MiloType t, bool mutable = true) => new(name, t, mutable);

    public static BoundFunction Fn(string name, MiloType ret, List<ParameterSymbol> ps, params BoundStmt[] body)
        => new(new FunctionSymbol(name, FunctionKind.Free, ps, ret, null), Block(body), Src);

    public static BoundProgram Program(MiloType mainRet, params BoundStmt[] mainBody)
    {
        var p = new BoundProgram { MainFile = "test.milo" };
        var main = Fn("main", mainRet, new(), mainBody);
        p.Functions.Add(main);
        p.Main = main.Symbol;
        return p;
    }

    public static EnumType OptionOf(MiloType t)
    {
        var e = new EnumType("Option", null, [t]);
        e.Variants.Add(new VariantSymbol("Some", 0, [t]));
        e.Variants.Add(new VariantSymbol("None", 1, []));
        return e;
    }

    private static int _counter;

    /// <summary>Emits, checks every method with PrepareMethod, runs with `dotnet`, returns (stdout, exit code).</summary>
    public static (string Stdout, int Exit) Run(BoundProgram program, string? stdin = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "milo-emit-tests", $"{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}");
        Directory.CreateDirectory(dir);
        var dll = Path.Combine(dir, "out.dll");
        Milo.Compiler.Lowering.LocalRewriter.Lower(program);
        Emitter.Emit(program, dll, "out");
        Assert.True(File.Exists(Path.Combine(dir, "out.runtimeconfig.json")));
        Assert.True(File.Exists(Path.Combine(dir, "Milo.Runtime.dll")));
        PrepareAll(dll);

        var psi = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            WorkingDirectory = dir,
        };
        using var proc = Process.Start(psi)!;
        if (stdin != null) proc.StandardInput.Write(stdin);
        proc.StandardInput.Close();
        var stdoutTask = proc.StandardOutput.ReadToEndAsync();
        var stderrTask = proc.StandardError.ReadToEndAsync();
        if (!proc.WaitForExit(60_000)) { proc.Kill(true); throw new TimeoutException("program timed out"); }
        var stdout = stdoutTask.Result;
        var stderr = stderrTask.Result;
        if (stderr.Contains("Unhandled exception") || stderr.Contains("InvalidProgramException"))
            throw new Xunit.Sdk.XunitException("program crashed:\n" + stderr);
        var result = (stdout.Replace("\r\n", "\n"), proc.ExitCode);
        try { Directory.Delete(dir, recursive: true); } catch { /* best effort */ }
        return result;
    }

    /// <summary>Loads the assembly in a collectible context and JIT-compiles every method (catches invalid IL).</summary>
    public static void PrepareAll(string dll)
    {
        var alc = new AssemblyLoadContext("emit-check-" + Guid.NewGuid(), isCollectible: true);
        try
        {
            using var fs = File.OpenRead(dll);
            var asm = alc.LoadFromStream(fs);
            foreach (var t in asm.GetTypes())
            {
                if (t.IsSubclassOf(typeof(Delegate))) continue;
                foreach (var m in t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                             .Cast<MethodBase>().Concat(t.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)))
                {
                    if (m.IsAbstract || m.ContainsGenericParameters || (m.Attributes & MethodAttributes.PinvokeImpl) != 0) continue;
                    try { RuntimeHelpers.PrepareMethod(m.MethodHandle); }
                    catch (Exception e) { throw new Xunit.Sdk.XunitException($"invalid IL in {t.Name}.{m.Name}: {e.GetType().Name}: {e.Message}"); }
                }
            }
        }
        finally { alc.Unload(); }
    }
}
