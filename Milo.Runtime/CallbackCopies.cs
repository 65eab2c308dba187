namespace Milo.Runtime;

/// <summary>
/// Adapters for a Vec callback that is a function value (a named function, or a closure held in a variable, field or
/// parameter) whose by-value parameters own storage: the runtime hands a callback the Vec's own elements, and such a
/// callee owns its parameter (it may keep or mutate it), so it gets a copy of each element instead (checklist §5.7,
/// docs/ownership.md).
/// </summary>
public static class CallbackCopies
{
    /// <summary><c>map</c>, <c>filter</c>, <c>find</c>, <c>any</c>, <c>all</c>, <c>sortByKey</c>.</summary>
    public static Func<T, R> Func1<T, R>(Func<T, R> f, Func<T, T> copy) => x => f(copy(x));

    /// <summary><c>each</c>.</summary>
    public static Action<T> Action1<T>(Action<T> f, Func<T, T> copy) => x => f(copy(x));

    /// <summary><c>enumerate</c>: the index is a Copy value.</summary>
    public static Action<long, T> Indexed<T>(Action<long, T> f, Func<T, T> copy) => (i, x) => f(i, copy(x));

    /// <summary><c>sortBy</c>: both sides copied (a side the callee only borrows gets a copy it cannot tell apart).</summary>
    public static Func<T, T, R> Func2<T, R>(Func<T, T, R> f, Func<T, T> copy) => (a, b) => f(copy(a), copy(b));
}
