using System.Collections.Concurrent;
using CheckpointGen.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace CheckpointGen.Analyzers.Tests.Verification;

/// <summary>
/// Compiles the sources of an analyzer test with the source generator alone (no analyzer) and
/// checks that no error lies in a generated file: whatever the generator cannot handle must be a
/// diagnostic on the user's declaration, never a compiler error in code the user did not write.
/// Every analyzer and code fix test runs it on its input, so every invalid declaration they hold is covered.
/// </summary>
internal static class GeneratedCodeCheck
{
    // The same input is often verified by several tests (one per expected diagnostic): compile it once.
    private static readonly ConcurrentDictionary<string, bool> Checked = new();

    public static void AssertNoErrorInGeneratedCode(IEnumerable<string> markedSources)
    {
        var sources = markedSources.Select(Unmark).ToList();
        if (!Checked.TryAdd(string.Join("\n// ----\n", sources), true)) return;

        var parse = new CSharpParseOptions(LanguageVersion.CSharp12);
        var compilation = CSharpCompilation.Create(
            "GeneratorOnly",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, parse, path: $"/0/Test{i}.cs")),
            TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        var driver = CSharpGeneratorDriver.Create(new[] { new CheckpointableGenerator().AsSourceGenerator() }, parseOptions: parse)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);

        var result = driver.GetRunResult().Results.Single();
        Assert.True(result.Exception is null, $"The generator threw: {result.Exception}");
        Assert.Empty(generatorDiagnostics);
        var generatedTrees = result.GeneratedSources.Select(s => s.SyntaxTree).ToHashSet();
        var inGenerated = output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } tree && generatedTrees.Contains(tree))
            .ToList();
        Assert.True(inGenerated.Count == 0,
            "Errors in generated code:\n" + string.Join("\n", inGenerated) + "\n\nInput:\n" + string.Join("\n// ----\n", sources)
            + "\n\nGenerated:\n" + string.Join("\n", result.GeneratedSources.Select(s => s.SourceText.ToString())));
    }

    /// <summary>The source without the test's diagnostic markup (<c>{|CKPT0002:name|}</c>, <c>[|…|]</c>).</summary>
    private static string Unmark(string source)
    {
        TestFileMarkupParser.GetSpans(source, out string output, out System.Collections.Immutable.ImmutableDictionary<string, System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.Text.TextSpan>> _);
        return output;
    }
}
