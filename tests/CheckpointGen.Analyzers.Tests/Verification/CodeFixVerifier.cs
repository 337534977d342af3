using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace CheckpointGen.Analyzers.Tests.Verification;

/// <summary>
/// Applies a code fix (by equivalence key) to the marked diagnostics and compares the result with
/// the expected sources; Fix All in document/project/solution is checked on the same input.
/// </summary>
internal static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static Task VerifyAsync(string source, string fixedSource, string equivalenceKey) =>
        VerifyAsync(new[] { source }, new[] { fixedSource }, equivalenceKey);

    public static Task VerifyAsync(string[] sources, string[] fixedSources, string equivalenceKey) =>
        VerifyAsync(new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>(), sources, fixedSources, equivalenceKey);

    /// <summary>Runs the source generator too, for fixed code that only compiles with its code (see <see cref="CodeFixTestWithGenerator{TAnalyzer, TCodeFix}"/>).</summary>
    public static Task VerifyWithGeneratorAsync(string source, string fixedSource, string equivalenceKey) =>
        VerifyAsync(new CodeFixTestWithGenerator<TAnalyzer, TCodeFix>(), new[] { source }, new[] { fixedSource }, equivalenceKey);

    private static async Task VerifyAsync(CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier> test, string[] sources, string[] fixedSources, string equivalenceKey)
    {
        test.ReferenceAssemblies = TestReferences.None;
        // Rules that also report changes made by other types have a compilation-end twin of the same id.
        test.MarkupOptions = MarkupOptions.UseFirstDescriptor;
        test.CodeActionEquivalenceKey = equivalenceKey;
        // Fix All must fix every marked diagnostic in one pass; one-by-one fixing takes one step per diagnostic.
        test.NumberOfFixAllIterations = 1;
        for (int i = 0; i < sources.Length; i++) test.TestState.Sources.Add(($"/0/Test{i}.cs", sources[i]));
        for (int i = 0; i < fixedSources.Length; i++) test.FixedState.Sources.Add(($"/0/Test{i}.cs", fixedSources[i]));
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.FixedState.AdditionalReferences.AddRange(TestReferences.All);
        await test.RunAsync();
        GeneratedCodeCheck.AssertNoErrorInGeneratedCode(sources);
        GeneratedCodeCheck.AssertNoErrorInGeneratedCode(fixedSources);
    }
}
