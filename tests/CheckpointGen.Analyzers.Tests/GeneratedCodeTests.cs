using CheckpointGen.Analyzers.Tests.Verification;

namespace CheckpointGen.Analyzers.Tests;

/// <summary>
/// Declarations beyond the analyzer tests' inputs (generic types over constrained, open and nested
/// arguments, hook look-alikes, required members, ref structs, records), compiled with the generator
/// alone: each either gets code that compiles or none, never an error in a generated file.
/// </summary>
public sealed class GeneratedCodeTests
{
    private const string U = "using System; using System.Collections.Generic; using CheckpointGen; using TorchSharp;\nnamespace S;\n";

    public static TheoryData<string, string> Cases => new()
    {
        { "struct-constraint", "[Checkpointable] public partial class G<T> where T : struct { public T V; public T? N; public List<T> L = new(); }" },
        { "class-new", "[Checkpointable] public partial class G<T> where T : class, new() { public T V = new(); public List<T?> L = new(); }" },
        { "icheckpointable", "[Checkpointable] public partial class G<T> where T : ICheckpointable { public T V = default!; public List<T> L = new(); }" },
        { "generic-struct", "[Checkpointable] public partial struct G<T> { public T V; public List<T> L; }\n[Checkpointable] public partial class O { public G<int> A; public List<G<string>> B = new(); public G<int>[] C = []; }" },
        { "nested-generic", "public partial class Outer<T> { [Checkpointable] public partial class Inner<U> { public T? A; public U? B; public Dictionary<T, U> M = new(); } }\n[Checkpointable] public partial class O { public Outer<int>.Inner<string> X = new(); }" },
        { "open-in-generic", "[Checkpointable] public partial class R<T> { public List<T> V = new(); }\n[Checkpointable] public partial class O<U> { public R<U> A = new(); public R<List<U>> B = new(); public R<U[]> C = new(); public R<(U, int)> D = new(); public List<R<U>> E = new(); }" },
        { "dict-key", "[Checkpointable] public partial class G<T> where T : notnull { public Dictionary<T, int> M = new(); public HashSet<T> H = new(); public Queue<T> Q = new(); public T[,] A = new T[0,0]; public (T, int) P; public SortedDictionary<T, T> SD = new(); }" },
        { "bad-arg", "[Checkpointable] public partial class R<T> { public List<T> V = new(); }\n[Checkpointable] public partial class O { public R<Action> A = new(); public R<System.IO.Stream> B = new(); public R<Random> C = new(); }" },
        { "record", "[Checkpointable] public partial record G<T>(T X) { public T Y = default!; }\n[Checkpointable] public partial record struct P<T>(T X, int Z);\n[Checkpointable] public partial class O { public G<int> A = new(1); public P<string> B; }" },
        { "hook-duplicate-decl", "[Checkpointable] public partial class G { public int X; partial void OnCheckpointRestored(); }" },
        { "hook-wrong-sig", "[Checkpointable] public partial class G { public int X; partial void OnCheckpointRestored(int x) { } }" },
        { "hook-returns", "[Checkpointable] public partial class G { public int X; private int OnCheckpointRestored() => 1; }" },
        { "hook-static-partial", "[Checkpointable] public partial class G { public int X; static partial void OnCheckpointRestored() { } }" },
        { "hook-property", "[Checkpointable] public partial class G { public int X; public int OnCheckpointRestored { get; set; } }" },
        { "hook-nested-type", "[Checkpointable] public partial class G { public int X; public class OnCheckpointRestored { } }" },
        { "hook-generic-method", "[Checkpointable] public partial class G { public int X; void OnCheckpointRestored<T>() { } }" },
        { "hook-base-private", "[Checkpointable] public partial class B { public int X; partial void OnCheckpointRestored() { } }\n[Checkpointable] public partial class D : B { public int Y; partial void OnCheckpointRestored() { } }" },
        { "hook-base-public-new", "[Checkpointable] public partial class B { public int X; public void OnCheckpointRestored() { } }\n[Checkpointable] public partial class D : B { public int Y; }" },
        { "hook-non-ckpt-base", "public class B { public virtual void OnCheckpointRestored() { } }\n[Checkpointable] public partial class D : B { public int Y; public override void OnCheckpointRestored() { } }" },
        { "hook-non-ckpt-base-abstract", "public abstract class B { public abstract void OnCheckpointRestored(); }\n[Checkpointable] public partial class D : B { public int Y; }" },
        { "hook-interface", "public interface IH { void OnCheckpointRestored(); }\n[Checkpointable] public partial class D : IH { public int Y; void IH.OnCheckpointRestored() { } }" },
        { "hook-async", "[Checkpointable] public partial class D { public int Y; async void OnCheckpointRestored() { await System.Threading.Tasks.Task.Yield(); } }" },
        { "method-named-like-generated", "[Checkpointable] public partial class D { public int X; void WriteCheckpointMembers(int a) { } protected void ReadCheckpointMembers() {} }" },
        { "tp-named-like-locals", "[Checkpointable] public partial class D<writer, reader> { public List<writer> X = new(); public reader? Y; }" },
        { "file-local", "[Checkpointable] file partial class D { public int X; }" },
        { "static-class", "[Checkpointable] public static partial class D { public static int X; }" },
        { "ref-struct", "[Checkpointable] public ref partial struct D { public int X; }" },
        { "readonly-struct", "[Checkpointable] public readonly partial struct D { public readonly int X; public int Y { get; init; } }\n[Checkpointable] public partial class O { public D A; public List<D> B = new(); }" },
        { "interface", "[Checkpointable] public partial interface D { }" },
        { "private-ctor", "[Checkpointable] public partial class D { private D(int x) { X = x; } public int X; }\n[Checkpointable] public partial class O { public D? A; public List<D> B = new(); }" },
        { "abstract-generic", "[Checkpointable] public abstract partial class A<T> { public T? V; }\n[Checkpointable] public partial class O { public A<int>? X; public List<A<string>> Y = new(); }\n[Checkpointable] public sealed partial class C : A<double> { public int Z; }" },
        { "required", "[Checkpointable] public partial class D { public required int X { get; set; } public required string S; }\n[Checkpointable] public partial class O { public D? A; }" },
        { "required-struct", "[Checkpointable] public partial struct D { public required int X; }\n[Checkpointable] public partial class O { public D A; public List<D> B = new(); public D[] C = []; }" },
        { "required-sets", "[Checkpointable] public sealed partial class D { [System.Diagnostics.CodeAnalysis.SetsRequiredMembers] public D() { X = 1; } public required int X; }\n[Checkpointable] public partial class O { public D? A; public List<D> B = new(); }" },
        { "required-list", "[Checkpointable] public sealed partial class D { public required int X; }\n[Checkpointable] public partial class O { public List<D> B = new(); public D[] C = []; public Dictionary<int, D> M = new(); }" },
        { "required-base", "public class B { public required int X; }\n[Checkpointable] public sealed partial class D : B { public int Y; }\n[Checkpointable] public partial class O { public List<D> B = new(); public D? C; }" },
        { "required-generic", "[Checkpointable] public partial class R<T> { public List<T> V = new(); }\n[Checkpointable] public sealed partial class D { public required int X; }\n[Checkpointable] public partial class O { public R<D> A = new(); public R<List<D>> B = new(); }" },
        { "inaccessible-arg", "[Checkpointable] public partial class R<T> { public List<T> V = new(); }\n[Checkpointable] public partial class O { private class P { public int X; } [Checkpointable] private partial class Q { public int X; } private R<Q> A = new(); private R<List<Q>> B = new(); }" },
        { "generic-ctor-only", "[Checkpointable] public partial class R<T> { public R(T seed) { V = seed; } public T V; }\n[Checkpointable] public partial class O { public R<int> A = new(1); public R<List<int>>? B; }" },
        { "self-recursive-struct", "[Checkpointable] public partial struct N<T> { public List<N<T>> Kids; public T V; }\n[Checkpointable] public partial class O { public N<int> A; }" },
        { "variance", "[Checkpointable] public partial class R<T> { public IEnumerable<T> V = new List<T>(); public IReadOnlyList<T> W = new List<T>(); public ISet<T>? X; }" },
        { "pointer", "[Checkpointable] public unsafe partial class D { public int* P; public delegate*<void> F; }" },
        { "dynamic", "[Checkpointable] public partial class D { public dynamic? P; public object? O; }" },
        { "multi-dim-of-tp", "[Checkpointable] public partial class D<T> { public T[][] J = []; public List<T[]> L = new(); public Dictionary<string, List<T>> M = new(); }\n[Checkpointable] public partial class O { public D<int> A = new(); public D<string> B = new(); }" },
        { "nullable-tp-unconstrained", "#nullable enable\n[Checkpointable] public partial class D<T> { public T? A; public List<T?> B = new(); public Dictionary<string, T?> C = new(); }\n[Checkpointable] public partial class O { public D<int?> A = new(); public D<string?> B = new(); }" },
        { "obsolete-generic", "[Checkpointable] public partial class R<T> { [Obsolete(\"x\", true)] public T? V; }\n[Checkpointable] public partial class O { public R<int> A = new(); }" },
        { "enum-of-generic-owner", "public partial class Outer<T> { public enum E { A } [Checkpointable] public partial class I { public E V; public T? W; } }\n[Checkpointable] public partial class O { public Outer<int>.I A = new(); }" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_declaration_never_gives_an_error_in_generated_code(string name, string source)
    {
        Assert.NotEmpty(name);
        GeneratedCodeCheck.AssertNoErrorInGeneratedCode(new[] { U + source });
    }
}
