using Milo.Compiler.Diagnostics;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

/// <summary>
/// Interfaces (checklist §3.8): structural satisfaction checked at the coercion points (argument for `&amp;Iface`,
/// `Heap&lt;Iface&gt;` initialisers, `Vec&lt;Heap&lt;Iface&gt;&gt;.push(Heap(x))`) and dynamic dispatch for method calls.
/// </summary>
internal sealed partial class Binder
{
    /// <summary>The implementations of <paramref name="iface"/>'s methods on a concrete type, in interface order (null if it does not satisfy it).</summary>
    private List<FunctionSymbol>? InterfaceImplementation(MiloType type, InterfaceType iface)
    {
        if (type is not (StructType or EnumType)) return null;
        var list = new List<FunctionSymbol>();
        foreach (var m in iface.Methods)
        {
            var impl = LookupMethod(type, m.Name);
            bool ok = impl != null && impl.HasSelf && impl.Parameters.Count == m.Parameters.Count + 1
                      && impl.ReturnType.SameAs(m.ReturnType)
                      && impl.Parameters.Skip(1).Zip(m.Parameters).All(x => StripRef(x.First.Type).SameAs(StripRef(x.Second)));
            if (!ok) return null;
            list.Add(impl!);
        }
        return list;
    }

    private static MiloType StripRef(MiloType t) => t is RefType r ? r.Inner : t;

    /// <summary>Converts a concrete value to an interface value, reporting `does not satisfy interface` when it cannot.</summary>
    private BoundExpr BoxToInterface(BoundExpr e, InterfaceType iface, Location loc)
    {
        if (e.Type is InterfaceType it && ReferenceEquals(it, iface)) return e;
        if (e.Type.IsError) return e;
        var impl = InterfaceImplementation(e.Type, iface);
        if (impl == null)
        {
            _diagnostics.Report(loc, Errors.TypeDoesNotSatisfyInterface.With(e.Type.Name, iface.Name));
            return e;
        }
        if (!_program.InterfaceImpls.Any(x => ReferenceEquals(x.Type, e.Type) && ReferenceEquals(x.Interface, iface)))
            _program.InterfaceImpls.Add(new InterfaceImplementation(e.Type, iface, impl));
        return new BoundInterfaceBoxExpr(e.Location, e, iface);
    }

    private BoundExpr BindInterfaceCall(MethodCallExprSyntax m, BoundExpr recv, InterfaceType iface)
    {
        int idx = iface.Methods.FindIndex(x => x.Name == m.Method.Text);
        if (idx < 0)
        {
            _diagnostics.Report(m.Method.Location, Errors.InterfaceHasNoMethod.With(iface.Name, m.Method.Text), help: Spelling.DidYouMean(m.Method.Text, iface.Methods.Select(x => x.Name)));
            foreach (var a in m.Args) BindExpr(a, null);
            return Error(m);
        }
        var im = iface.Methods[idx];
        var args = BindArguments(m.Args, im.Parameters, m.Location, Errors.MethodArity.With(im.Name, im.Parameters.Count, m.Args.Count), $"'{im.Name}'");
        return new BoundInterfaceCallExpr(m.Location, recv, iface, idx, args, im.ReturnType);
    }
}
