using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
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

    public static async Task VerifyAsync(string[] sources, string[] fixedSources, string equivalenceKey)
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.None,
            CodeActionEquivalenceKey = equivalenceKey,
            // Fix All must fix every marked diagnostic in one pass; one-by-one fixing takes one step per diagnostic.
            NumberOfFixAllIterations = 1,
        };
        for (int i = 0; i < sources.Length; i++) test.TestState.Sources.Add(($"/0/Test{i}.cs", sources[i]));
        for (int i = 0; i < fixedSources.Length; i++) test.FixedState.Sources.Add(($"/0/Test{i}.cs", fixedSources[i]));
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.FixedState.AdditionalReferences.AddRange(TestReferences.All);
        await test.RunAsync();
    }
}
