using CheckpointGen.Generators.Tests.Harness;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Tests;

/// <summary>The restore hooks the generator declares as partial methods: when they run, and what the compiler checks.</summary>
public class RestoreHookTests
{
    private const string Source = """
        using System.Collections.Generic;
        using CheckpointGen;
        namespace Hooks;
        [Checkpointable]
        public partial class Base
        {
            public int A;
            [CheckpointIgnore] public string Calls = "";
            partial void OnCheckpointStructureRestored() => Calls += $"base-structure({A});";
            partial void OnCheckpointRestored() => Calls += "base;";
        }
        [Checkpointable]
        public partial class Derived : Base
        {
            public int B;
            partial void OnCheckpointRestored() => Calls += $"derived({B});";
        }
        [Checkpointable]
        public partial class Legacy
        {
            public int C;
            [CheckpointIgnore] public int Calls;
            private void OnCheckpointRestored() => Calls += C;
        }
        [Checkpointable]
        public partial struct Point
        {
            public int X;
            [CheckpointIgnore] public int Seen;
            partial void OnCheckpointRestored() => Seen = X * 10;
        }
        [Checkpointable]
        public partial class Points { public List<Point> Items = new(); }
        """;

    private static object RoundTrip(CompiledAssembly code, string type, Action<object> fill)
    {
        var saved = code.Create(type);
        fill(saved);
        using var file = new MemoryStream();
        Checkpoint.Save(saved, file);
        file.Position = 0;
        var restored = code.Create(type);
        Checkpoint.Restore(restored, file);
        return restored;
    }

    [Fact]
    public void Partial_hooks_run_once_at_each_level_the_structure_hook_after_that_levels_plain_members()
    {
        using var code = new CompiledAssembly("Hooks", Source);

        var restored = RoundTrip(code, "Hooks.Derived", d => { CompiledAssembly.Set(d, "A", 1); CompiledAssembly.Set(d, "B", 2); });

        Assert.Equal("base-structure(1);base;derived(2);", CompiledAssembly.Get(restored, "Calls"));
    }

    [Fact]
    public void A_hook_written_as_an_ordinary_method_still_runs()
    {
        using var code = new CompiledAssembly("Hooks", Source);

        var restored = RoundTrip(code, "Hooks.Legacy", l => CompiledAssembly.Set(l, "C", 3));

        Assert.Equal(3, CompiledAssembly.Get(restored, "Calls"));
    }

    [Fact]
    public void A_struct_hook_runs_for_every_element_restored_from_record_columns()
    {
        using var code = new CompiledAssembly("Hooks", Source);

        var restored = RoundTrip(code, "Hooks.Points", p =>
        {
            var items = (System.Collections.IList)CompiledAssembly.Get(p, "Items")!;
            foreach (int x in new[] { 1, 2 })
            {
                var point = code.Create("Hooks.Point");
                CompiledAssembly.Set(point, "X", x);
                items.Add(point);
            }
        });

        var seen = ((System.Collections.IEnumerable)CompiledAssembly.Get(restored, "Items")!).Cast<object>().Select(p => CompiledAssembly.Get(p, "Seen"));
        Assert.Equal([10, 20], seen);
    }

    [Theory]
    [InlineData("partial void OnCheckpointRestore() { }", "CS0759")]
    [InlineData("partial void OnCheckpointRestored(int times) { }", "CS0759")]
    [InlineData("private partial void OnCheckpointRestored() { }", "CS0759")]
    public void A_misspelled_hook_is_a_compile_error_in_the_users_code_and_none_in_the_generated_code(string hook, string error)
    {
        var input = TestCompilation.Create($$"""
            using CheckpointGen;
            [Checkpointable] public partial class Plugin { private int _n; {{hook}} }
            """);
        var (output, generated) = TestCompilation.Run(input);

        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var generatedTrees = generated.Select(g => g.SyntaxTree).ToHashSet();
        Assert.Contains(errors, d => d.Id == error && !generatedTrees.Contains(d.Location.SourceTree!));
        Assert.DoesNotContain(errors, d => generatedTrees.Contains(d.Location.SourceTree!));
    }
}
