using System.Reflection;
using CheckpointGen.Generators.Model;
using CheckpointGen.Generators.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CheckpointGen.Generators.Tests;

/// <summary>The pipeline caches: edits that do not touch a [Checkpointable] type redo no work, and the model holds no compiler objects.</summary>
public class IncrementalCachingTests
{
    private const string Learner = """
        using System.Collections.Generic;
        using CheckpointGen;
        namespace Samples;
        [Checkpointable]
        public partial class Learner
        {
            private int _step;
            private List<float> _losses = new();
        }
        """;

    private static readonly string[] NamedSteps = [TrackingNames.Models, TrackingNames.ValidModels];

    [Fact]
    public void An_unrelated_new_file_leaves_every_named_step_cached()
    {
        var compilation = TestCompilation.Create(Learner);
        var driver = TestCompilation.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Samples; public class Unrelated { public int Value; }", TestCompilation.ParseOptions));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string step in NamedSteps)
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output: {o.Reason}"));
    }

    [Fact]
    public void A_whitespace_edit_inside_the_type_regenerates_nothing()
    {
        var compilation = TestCompilation.Create(Learner);
        var driver = TestCompilation.CreateDriver(trackSteps: true).RunGenerators(compilation);
        var oldTree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(oldTree, oldTree.WithChangedText(oldTree.GetText().Replace(0, 0, "// a comment\n")));

        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        // The model is recomputed (the tree changed) but equal, so the source output is not redone.
        Assert.All(result.TrackedSteps[TrackingNames.ValidModels].SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{o.Reason}"));
    }

    [Fact]
    public void Adding_a_member_to_a_checkpointable_type_modifies_its_output()
    {
        var compilation = TestCompilation.Create(Learner);
        var driver = TestCompilation.CreateDriver(trackSteps: true).RunGenerators(compilation);
        var oldTree = compilation.SyntaxTrees.Single();
        var newText = Learner.Replace("private int _step;", "private int _step;\n    private double _bestLoss;");
        var edited = compilation.ReplaceSyntaxTree(oldTree, CSharpSyntaxTree.ParseText(newText, TestCompilation.ParseOptions, oldTree.FilePath));

        var run = driver.RunGenerators(edited).GetRunResult();
        var result = run.Results.Single();

        Assert.Contains(result.TrackedSteps[TrackingNames.ValidModels].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("_bestLoss", result.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void Giving_a_class_a_checkpointable_base_in_one_file_regenerates_the_owner_of_its_list_in_another_file_without_object_columns()
    {
        const string Row = "using CheckpointGen; namespace Samples; [Checkpointable] public sealed partial class Row { public int A; }";
        const string Owner = "using System.Collections.Generic; using CheckpointGen; namespace Samples; [Checkpointable] public partial class Owner { private List<Row> _rows = new(); }";
        var compilation = TestCompilation.Create(Row, Owner);
        var driver = TestCompilation.CreateDriver(trackSteps: true).RunGenerators(compilation);
        string OwnerSource(GeneratorDriverRunResult run) => run.Results.Single().GeneratedSources.Single(g => g.HintName == "Samples.Owner.Checkpoint.g.cs").SourceText.ToString();
        Assert.Contains("WriteObjectColumns<global::Samples.Row>", OwnerSource(driver.GetRunResult()));

        var rowTree = compilation.SyntaxTrees.First();
        string derived = Row.Replace("public sealed partial class Row", "public partial class RowBase { } [Checkpointable] public sealed partial class Row : RowBase");
        var edited = compilation.ReplaceSyntaxTree(rowTree, CSharpSyntaxTree.ParseText(derived, TestCompilation.ParseOptions, rowTree.FilePath));
        var run = driver.RunGenerators(edited).GetRunResult();

        // The owner's file did not change, but its model holds the element's shape, which did.
        Assert.Equal(2, run.Results.Single().TrackedSteps[TrackingNames.ValidModels].SelectMany(s => s.Outputs).Count(o => o.Reason == IncrementalStepRunReason.Modified));
        Assert.DoesNotContain("ObjectColumns<global::Samples.Row>", OwnerSource(run));
        Assert.DoesNotContain("ObjectList<global::Samples.Row>", OwnerSource(run));
        Assert.DoesNotContain("ICheckpointableRows", run.Results.Single().GeneratedSources.Single(g => g.HintName == "Samples.Row.Checkpoint.g.cs").SourceText.ToString());
    }

    [Fact]
    public void Implementing_a_hook_regenerates_only_its_type_which_then_calls_it()
    {
        const string Other = "using CheckpointGen; namespace Samples; [Checkpointable] public partial class Other { private int _n; }";
        var compilation = TestCompilation.Create(Learner, Other);
        var driver = TestCompilation.CreateDriver(trackSteps: true).RunGenerators(compilation);
        var oldTree = compilation.SyntaxTrees.First();
        var newText = Learner.Replace("private int _step;", "private int _step;\n    partial void OnCheckpointRestored() => _step = 0;");
        var edited = compilation.ReplaceSyntaxTree(oldTree, CSharpSyntaxTree.ParseText(newText, TestCompilation.ParseOptions, oldTree.FilePath));

        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var reasons = result.TrackedSteps[TrackingNames.ValidModels].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(1, reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Assert.Contains("OnCheckpointRestored();", result.GeneratedSources.Single(g => g.HintName == "Samples.Learner.Checkpoint.g.cs").SourceText.ToString());
    }

    [Fact]
    public void An_error_in_a_struct_in_another_file_removes_the_code_of_its_owner_and_fixing_it_brings_it_back()
    {
        const string Point = "using CheckpointGen; namespace Samples; [Checkpointable] public partial struct Point { public double X; }";
        const string Owner = "using System.Collections.Generic; using CheckpointGen; namespace Samples; [Checkpointable] public partial class Owner { private List<Point> _points = new(); }";
        var compilation = TestCompilation.Create(Point, Owner);
        var driver = TestCompilation.CreateDriver(trackSteps: true).RunGenerators(compilation);
        var pointTree = compilation.SyntaxTrees.First();
        CSharpCompilation WithPoint(string text) => compilation.ReplaceSyntaxTree(pointTree, CSharpSyntaxTree.ParseText(text, TestCompilation.ParseOptions, pointTree.FilePath));
        string[] HintNames(GeneratorDriver d) => d.GetRunResult().Results.Single().GeneratedSources.Select(g => g.HintName).Order().ToArray();

        driver = driver.RunGenerators(WithPoint(Point.Replace("public double X;", "public double X; public System.Action? Callback;")));
        Assert.Empty(HintNames(driver));

        driver = driver.RunGenerators(compilation);
        Assert.Equal(["Samples.Owner.Checkpoint.g.cs", "Samples.Point.Checkpoint.g.cs"], HintNames(driver));
    }

    [Fact]
    public void The_model_graph_holds_no_symbols_syntax_or_compilations()
    {
        Type[] forbidden = [typeof(ISymbol), typeof(SyntaxNode), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxTree), typeof(SyntaxToken), typeof(Location)];
        var seen = new HashSet<Type>();
        var pending = new Stack<(Type Type, string Path)>();
        pending.Push((typeof(CheckpointableTypeModel), nameof(CheckpointableTypeModel)));
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next.Type)) continue;
            Assert.False(forbidden.Any(f => f.IsAssignableFrom(next.Type)), $"{next.Path} is a {next.Type}: models must hold plain values only.");
            if (next.Type.IsPrimitive || next.Type == typeof(string) || next.Type.IsEnum) continue;
            foreach (var argument in next.Type.GetGenericArguments()) pending.Push((argument, $"{next.Path}<{argument.Name}>"));
            if (next.Type.IsArray) pending.Push((next.Type.GetElementType()!, next.Path + "[]"));
            foreach (var field in next.Type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                pending.Push((field.FieldType, $"{next.Path}.{field.Name}"));
        }
        Assert.Contains(typeof(Classification.ValueShape), seen);
    }
}
