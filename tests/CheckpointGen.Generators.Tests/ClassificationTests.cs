using CheckpointGen.Generators.Classification;
using CheckpointGen.Generators.Tests.Harness;

namespace CheckpointGen.Generators.Tests;

/// <summary>The shared classification: which members are saved, with which shapes, and why a type cannot be checkpointed.</summary>
public class ClassificationTests
{
    private static TypeClassification Classify(string members, string extra = "")
    {
        string source = $$"""
            using System; using System.Collections.Generic; using CheckpointGen; using CheckpointGen.Randomness;
            {{extra}}
            [Checkpointable] public partial class Subject { {{members}} }
            """;
        var compilation = TestCompilation.Create(source);
        return MemberClassifier.Classify(compilation.GetTypeByMetadataName("Subject")!, KnownSymbols.For(compilation));
    }

    private static ClassificationProblem SingleProblem(string members, string extra = "") => Assert.Single(Classify(members, extra).Problems);

    [Fact]
    public void Every_instance_field_and_auto_property_is_saved_but_not_ignored_const_static_or_computed_members()
    {
        var result = Classify("""
            private int _a; private readonly string _b = ""; public double C { get; set; } public long D { get; }
            public int E { get; init; } [CheckpointIgnore] private int _ignored; [CheckpointIgnore] public int IgnoredProperty { get; set; }
            private const int F = 1; private static int s_g; public int Computed => _a;
            """);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(["_a", "_b", "C", "D", "E"], result.Members.Select(m => m.Key));
        Assert.Equal([MemberAccess.Assign, MemberAccess.ReadOnlyField, MemberAccess.Assign, MemberAccess.BackingField, MemberAccess.BackingField], result.Members.Select(m => m.Access));
        Assert.Equal("<D>k__BackingField", result.Members[3].BackingFieldName);
    }

    [Fact]
    public void Nested_generic_collections_get_a_shape_tree()
    {
        var shape = Assert.Single(Classify("private Dictionary<string, List<float[]>> _history = new();").Members).Shape;
        Assert.Equal(ShapeKind.Map, shape.Kind);
        Assert.Equal(ShapeKind.Scalar, shape.Arguments[0].Kind);
        Assert.Equal(ShapeKind.List, shape.Arguments[1].Kind);
        Assert.Equal(ShapeKind.Array, shape.Arguments[1].Element.Kind);
        Assert.True(shape.Arguments[1].Element.Element.IsBlockCopyable);
    }

    [Theory]
    [InlineData("private Action? _callback;", "delegate")]
    [InlineData("private System.Collections.Generic.IEnumerator<int>? _cursor;", "enumerator")]
    [InlineData("private System.IO.MemoryStream _stream = new();", "stream")]
    [InlineData("private System.Threading.Tasks.Task<int>? _pending;", "task")]
    [InlineData("private System.Threading.Thread? _worker;", "live runtime resource")]
    [InlineData("private unsafe int* _pointer;", "pointer")]
    [InlineData("private object? _anything;", "specific type")]
    [InlineData("private IList<int> _items = new List<int>();", "concrete type")]
    [InlineData("private System.Text.StringBuilder _text = new();", "neither a supported type nor [Checkpointable]")]
    [InlineData("private Dictionary<string, Action> _handlers = new();", "delegate")]
    public void Unsupported_member_types_are_explained(string member, string reason)
    {
        var problem = SingleProblem(member);
        Assert.Equal(ProblemKind.UnsupportedType, problem.Kind);
        Assert.Contains(reason, problem.Message);
    }

    [Fact]
    public void System_Random_suggests_CheckpointableRandom()
    {
        var problem = SingleProblem("private Random _random = new();");
        Assert.Equal(ProblemKind.SystemRandom, problem.Kind);
        Assert.Contains("CheckpointableRandom", problem.Message);
        Assert.True(Classify("private CheckpointableRandom _random = new(1);").IsValid);
    }

    [Fact]
    public void A_ref_struct_member_is_unsupported()
    {
        var problem = SingleProblem("private Holder _holder;", "public ref struct Holder { public int A; }");
        Assert.Contains("ref struct", problem.Message);
    }

    [Fact]
    public void A_non_partial_type_is_reported()
    {
        var compilation = TestCompilation.Create("using CheckpointGen; [Checkpointable] public class Plain { private int _a; }");
        var problem = Assert.Single(MemberClassifier.Classify(compilation.GetTypeByMetadataName("Plain")!, KnownSymbols.For(compilation)).Problems);
        Assert.Equal(ProblemKind.TypeNotPartial, problem.Kind);
        Assert.Equal("", problem.MemberName);
    }

    [Fact]
    public void Duplicate_and_empty_keys_are_reported()
    {
        Assert.Equal(ProblemKind.DuplicateKey, SingleProblem("[CheckpointKey(\"k\")] private int _a; [CheckpointKey(\"k\")] private int _b;").Kind);
        Assert.Equal(ProblemKind.DuplicateKey, SingleProblem("private int _a; [CheckpointKey(\"_a\")] private int _b;").Kind);
        var empty = SingleProblem("[CheckpointKey(\"  \")] private int _a;");
        Assert.Equal(ProblemKind.EmptyKey, empty.Kind);
        Assert.Equal("_a", empty.MemberName);
    }

    [Fact]
    public void A_key_used_by_a_checkpointable_base_class_collides()
    {
        var compilation = TestCompilation.Create("""
            using CheckpointGen;
            [Checkpointable] public partial class Base { protected int Count; }
            [Checkpointable] public partial class Derived : Base { [CheckpointKey("Count")] private int _mine; }
            """);
        var problem = Assert.Single(MemberClassifier.Classify(compilation.GetTypeByMetadataName("Derived")!, KnownSymbols.For(compilation)).Problems);
        Assert.Equal(ProblemKind.DuplicateKey, problem.Kind);
        Assert.Contains("Base", problem.Message);
    }

    [Fact]
    public void Interfaces_and_abstract_classes_are_polymorphic_and_checkpointable_classes_have_a_factory_when_constructible()
    {
        var result = Classify(
            "private IPlugin? _plugin; private PluginBase? _base; private Child _child = new(); private NoDefault? _noDefault;",
            """
            public interface IPlugin { }
            public abstract class PluginBase { }
            [Checkpointable] public partial class Child { private Child() { } public Child(int a) { } }
            [Checkpointable] public partial class NoDefault { public NoDefault(int a) { } }
            """);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal([ShapeKind.Polymorphic, ShapeKind.Polymorphic, ShapeKind.CheckpointableClass, ShapeKind.CheckpointableClass], result.Members.Select(m => m.Shape.Kind));
        Assert.True(result.Members[2].Shape.HasFactory);
        Assert.False(result.Members[3].Shape.HasFactory);
    }

    [Fact]
    public void TorchSharp_state_is_recognised_and_marked_for_restoring_after_structure()
    {
        var result = Classify("""
            private TorchSharp.torch.Tensor? _t; private TorchSharp.Modules.Parameter? _p; private TorchSharp.Modules.Linear? _m;
            private TorchSharp.torch.optim.Optimizer? _o; private TorchSharp.torch.Generator? _g; private TorchSharp.Modules.Linear[] _heads = [];
            private int _plain;
            """);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal([ShapeKind.Tensor, ShapeKind.Parameter, ShapeKind.Component, ShapeKind.Component, ShapeKind.Component, ShapeKind.Array, ShapeKind.Scalar], result.Members.Select(m => m.Shape.Kind));
        Assert.Equal([true, true, true, true, true, true, false], result.Members.Select(m => m.Shape.ContainsTorchState));
    }
}
