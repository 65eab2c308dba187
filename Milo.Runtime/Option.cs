using System.Diagnostics.CodeAnalysis;

namespace Milo.Runtime;

/// <summary>
/// Milo's <c>Option&lt;T&gt;</c> as .NET callers of a Milo library see it: one shared generic type for every library
/// (docs/interop.md). Exported functions convert between it and the library's internal representation at the boundary.
/// <c>default</c> is <see cref="None"/>.
/// </summary>
public readonly struct Option<T> : IEquatable<Option<T>>
{
    private readonly T _value;

    private Option(T value) { _value = value; IsSome = true; }

    /// <summary><c>Some(value)</c>.</summary>
    public static Option<T> Some(T value) => new(value);
    /// <summary><c>None</c>.</summary>
    public static Option<T> None => default;

    public bool IsSome { get; }
    public bool IsNone => !IsSome;

    /// <summary>The payload; <see cref="InvalidOperationException"/> on <c>None</c>.</summary>
    public T Value => IsSome ? _value : throw new InvalidOperationException("Option has no value (None)");

    /// <summary>The payload when <c>Some</c>.</summary>
    public bool TryGetValue([MaybeNullWhen(false)] out T value) { value = _value; return IsSome; }

    /// <summary>The payload, or <paramref name="fallback"/> on <c>None</c> (Milo's <c>??</c>).</summary>
    public T GetValueOrDefault(T fallback) => IsSome ? _value : fallback;

    /// <summary>Calls <paramref name="some"/> with the payload or <paramref name="none"/>.</summary>
    public TResult Match<TResult>(Func<T, TResult> some, Func<TResult> none) => IsSome ? some(_value) : none();

    /// <summary><c>var (isSome, value) = option;</c></summary>
    public void Deconstruct(out bool isSome, out T value) { isSome = IsSome; value = _value; }

    /// <summary>A value is <c>Some(value)</c>.</summary>
    public static implicit operator Option<T>(T value) => Some(value);

    public bool Equals(Option<T> other) => IsSome == other.IsSome && (!IsSome || EqualityComparer<T>.Default.Equals(_value, other._value));
    public override bool Equals(object? obj) => obj is Option<T> o && Equals(o);
    public override int GetHashCode() => IsSome ? HashCode.Combine(true, _value) : 0;
    public static bool operator ==(Option<T> a, Option<T> b) => a.Equals(b);
    public static bool operator !=(Option<T> a, Option<T> b) => !a.Equals(b);

    /// <summary>Milo's display form: <c>Some(3)</c>, <c>Some("x")</c>, <c>None</c>.</summary>
    public override string ToString() => IsSome ? "Some(" + MiloDisplay.Show(_value) + ")" : "None";
}

/// <summary>
/// Milo's <c>Result&lt;T, E&gt;</c> for .NET callers, shared by all libraries (see <see cref="Option{T}"/>).
/// <c>default</c> is <c>Ok(default)</c>.
/// </summary>
public readonly struct Result<T, E> : IEquatable<Result<T, E>>
{
    private readonly T _value;
    private readonly E _error;

    private Result(bool isErr, T value, E error) { IsErr = isErr; _value = value; _error = error; }

    /// <summary><c>Ok(value)</c>.</summary>
    public static Result<T, E> Ok(T value) => new(false, value, default!);
    /// <summary><c>Err(error)</c>.</summary>
    public static Result<T, E> Err(E error) => new(true, default!, error);

    public bool IsErr { get; }
    public bool IsOk => !IsErr;

    /// <summary>The <c>Ok</c> payload; <see cref="InvalidOperationException"/> (“Result is Err: …”) on <c>Err</c>.</summary>
    public T Value => !IsErr ? _value : throw new InvalidOperationException("Result is Err: " + _error);
    /// <summary>The <c>Err</c> payload; <see cref="InvalidOperationException"/> on <c>Ok</c>.</summary>
    public E Error => IsErr ? _error : throw new InvalidOperationException("Result has no error (Ok)");

    public bool TryGetValue([MaybeNullWhen(false)] out T value) { value = _value; return !IsErr; }
    public bool TryGetError([MaybeNullWhen(false)] out E error) { error = _error; return IsErr; }

    /// <summary>Calls <paramref name="ok"/> or <paramref name="err"/> with the payload.</summary>
    public TResult Match<TResult>(Func<T, TResult> ok, Func<E, TResult> err) => IsErr ? err(_error) : ok(_value);

    public bool Equals(Result<T, E> other) => IsErr == other.IsErr
        && (IsErr ? EqualityComparer<E>.Default.Equals(_error, other._error) : EqualityComparer<T>.Default.Equals(_value, other._value));
    public override bool Equals(object? obj) => obj is Result<T, E> r && Equals(r);
    public override int GetHashCode() => IsErr ? HashCode.Combine(1, _error) : HashCode.Combine(0, _value);
    public static bool operator ==(Result<T, E> a, Result<T, E> b) => a.Equals(b);
    public static bool operator !=(Result<T, E> a, Result<T, E> b) => !a.Equals(b);

    /// <summary>Milo's display form: <c>Ok(2)</c>, <c>Err("bad")</c>.</summary>
    public override string ToString() => IsErr ? "Err(" + MiloDisplay.Show(_error) + ")" : "Ok(" + MiloDisplay.Show(_value) + ")";
}
