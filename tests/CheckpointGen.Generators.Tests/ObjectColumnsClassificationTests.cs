using CheckpointGen.Generators.Classification;
using CheckpointGen.Generators.Parsing;
using CheckpointGen.Generators.Tests.Harness;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Tests;

/// <summary>
/// Which [Checkpointable] classes are stored column by column in lists and arrays (ICheckpointableRows):
/// one fact decides both the generated interface and the shape of every collection that holds the class.
/// </summary>
public class ObjectColumnsClassificationTests
{
    private const string Candidates = """
        using System.Collections.Generic; using CheckpointGen;
        [Checkpointable] public sealed partial class Row { public int A; }
        [Checkpointable] public sealed partial class PrivateConstructor { private PrivateConstructor() { } public PrivateConstructor(int a) { } }
        public class PlainBase { }
        [Checkpointable] public sealed partial class SealedOnPlainBase : PlainBase { public int A; }
        [Checkpointable] public partial class Open { public int A; }
        [Checkpointable] public partial class Base { public int A; }
        [Checkpointable] public sealed partial class Derived : Base { public int B; }
        [Checkpointable] public sealed partial class NoParameterlessConstructor { public NoParameterlessConstructor(int a) { } }
        [Checkpointable] public sealed partial class SealedModule : TorchSharp.torch.nn.Module { public SealedModule() : base("m") { } public int A; }
        [Checkpointable] public sealed partial class RequiredMember { public required int A; }
        [Checkpointable] public sealed partial class RequiredSetByConstructor { [System.Diagnostics.CodeAnalysis.SetsRequiredMembers] public RequiredSetByConstructor() { A = 1; } public required int A; }
        [Checkpointable] public partial struct Point { public int X; }
        """;

    private static readonly (string Type, bool HasColumns)[] Expected =
    [
        ("Row", true),
        ("PrivateConstructor", true),
        ("SealedOnPlainBase", true),
        ("Open", true),
        ("Base", true),
        ("Derived", false),
        ("NoParameterlessConstructor", false),
        ("SealedModule", false),
        ("RequiredMember", false),
        ("RequiredSetByConstructor", true),
    ];

    private static ValueShape ShapeOf(Compilation compilation, string member) =>
        Assert.Single(MemberClassifier.Classify(compilation.GetTypeByMetadataName("Owner")!, KnownSymbols.For(compilation)).Members, m => m.Name == member).Shape;

    private static Compilation Owner(string members) =>
        TestCompilation.Create(Candidates, $$"""
            using System.Collections.Generic; using System.Collections.Immutable; using CheckpointGen;
            [Checkpointable] public partial class Owner { {{members}} }
            """);

    [Fact]
    public void Only_constructible_root_classes_that_are_not_modules_get_object_columns_sealed_or_not()
    {
        string members = string.Join(" ", Expected.Select(e => $"public List<{e.Type}> List{e.Type} = new();"));
        var compilation = Owner(members);

        foreach (var (type, hasColumns) in Expected)
        {
            var element = ShapeOf(compilation, "List" + type).Element;
            Assert.Equal(ShapeKind.CheckpointableClass, element.Kind);
            Assert.True(hasColumns == element.IsColumnarObject, $"{type}: expected object columns {hasColumns}");
            Assert.False(element.IsColumnarRecord, type);
        }
    }

    [Fact]
    public void The_type_model_and_the_collections_holding_the_type_agree()
    {
        string members = string.Join(" ", Expected.Select(e => $"public {e.Type}[] Array{e.Type} = [];"));
        var compilation = Owner(members);

        foreach (var (type, hasColumns) in Expected)
        {
            var model = CheckpointableTypeParser.Parse(compilation.GetTypeByMetadataName(type)!, compilation, CancellationToken.None);
            Assert.NotNull(model);
            Assert.Equal(hasColumns, model.HasObjectColumns);
            Assert.Equal(model.HasObjectColumns, ShapeOf(compilation, "Array" + type).Element.HasColumns);
        }
    }

    [Fact]
    public void Lists_arrays_and_immutable_arrays_use_object_columns_but_nullable_elements_and_other_collections_do_not()
    {
        var compilation = Owner("""
            public List<Row> List = new(); public Row[] Array = []; public ImmutableArray<Row> Immutable;
            public List<Row?> NullableList = new(); public Row?[] NullableArray = [];
            public HashSet<Row> Set = new(); public List<Point> Points = new();
            """);

        Assert.True(ShapeOf(compilation, "List").Element.IsColumnarObject);
        Assert.True(ShapeOf(compilation, "Array").Element.IsColumnarObject);
        Assert.True(ShapeOf(compilation, "Immutable").Element.IsColumnarObject);
        // The class has columns, but a collection of nullable references stays a sequence of objects.
        Assert.True(ShapeOf(compilation, "NullableList").Element.HasColumns);
        Assert.False(ShapeOf(compilation, "NullableList").Element.IsColumnarObject);
        Assert.False(ShapeOf(compilation, "NullableArray").Element.IsColumnarObject);
        Assert.Equal(ShapeKind.Set, ShapeOf(compilation, "Set").Kind);
        Assert.True(ShapeOf(compilation, "Points").Element.IsColumnarRecord);
        Assert.False(ShapeOf(compilation, "Points").Element.IsColumnarObject);
    }

    [Fact]
    public void A_class_from_another_assembly_is_asked_whether_it_implements_the_rows_interface()
    {
        // Library.Current was compiled with this generator; Library.Older stands for a [Checkpointable] class compiled before object columns.
        var library = TestCompilation.Run(TestCompilation.CreateAssembly("Library", """
            using CheckpointGen;
            using CheckpointGen.Reading;
            using CheckpointGen.Writing;
            namespace Library;
            [Checkpointable] public sealed partial class Current { public int A; }
            [Checkpointable] public sealed class Older : ICheckpointable, ICheckpointableFactory<Older>
            {
                public void WriteCheckpoint(CheckpointWriter writer) { }
                public void ReadCheckpoint(CheckpointReader reader) { }
                static Older ICheckpointableFactory<Older>.CreateForRestore() => new();
            }
            """)).Output;
        using var image = new MemoryStream();
        var emitted = library.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));

        var compilation = TestCompilation.Create("""
            using System.Collections.Generic; using CheckpointGen;
            [Checkpointable] public partial class Owner { public List<Library.Current> Current = new(); public List<Library.Older> Older = new(); }
            """).AddReferences(MetadataReference.CreateFromImage(image.ToArray()));

        Assert.True(ShapeOf(compilation, "Current").Element.IsColumnarObject);
        Assert.False(ShapeOf(compilation, "Older").Element.IsColumnarObject);
    }
}
