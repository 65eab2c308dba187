namespace Milo.Runtime;

/// <summary>
/// Declares a blocking method a <b>suspension primitive</b> of green threads (docs/green-threads.md): plain code (main,
/// OS threads, code that never suspends) calls the method and blocks; a compiler-generated state machine calls the
/// <i>frame factory</i> named here instead and drives the frame it returns, so the green thread parks instead of
/// blocking its scheduler.
/// <para>The factory is a public static method of <see cref="FactoryType"/> taking the method's parameters (the receiver
/// first for an instance method) and returning <see cref="GreenFrame"/> for a void method or
/// <see cref="GreenFrame{T}"/> of the method's return type otherwise. For a method of a generic class
/// (<c>MiloChannel&lt;T&gt;</c>) the factory type is an open generic class with the same type parameters
/// (<c>GreenChannelOps&lt;T&gt;</c>). Milo.Compiler/Lowering/SuspensionPrimitives.cs resolves and checks the pair; a test
/// resolves every declared primitive.</para>
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class SuspendsAsAttribute(Type factoryType, string factoryMethod) : Attribute
{
    /// <summary>The class declaring the frame factory (open generic for methods of generic classes).</summary>
    public Type FactoryType { get; } = factoryType;
    /// <summary>The frame factory's name.</summary>
    public string FactoryMethod { get; } = factoryMethod;
}
