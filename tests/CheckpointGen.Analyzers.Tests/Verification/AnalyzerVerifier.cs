using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace CheckpointGen.Analyzers.Tests.Verification;

/// <summary>
/// Runs one analyzer over test sources and checks its diagnostics against the markup in the
/// sources (<c>{|CKPT0003:Name|}</c> marks where a diagnostic must be, and nothing else may be).
/// </summary>
internal static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAsync(new[] { source }, expected);

    public static Task VerifyAsync(string[] sources, params DiagnosticResult[] expected) =>
        VerifyAsync(sources, editorConfig: null, expected);

    public static Task VerifyAsync(string[] sources, string? editorConfig, params DiagnosticResult[] expected) =>
        VerifyAsync(new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>(), sources, editorConfig, expected);

    /// <summary>Runs the source generator too, for sources that only compile with its code (see <see cref="AnalyzerTestWithGenerator{TAnalyzer}"/>).</summary>
    public static Task VerifyWithGeneratorAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAsync(new AnalyzerTestWithGenerator<TAnalyzer>(), new[] { source }, null, expected);

    private static async Task VerifyAsync(CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> test, string[] sources, string? editorConfig, DiagnosticResult[] expected)
    {
        test.ReferenceAssemblies = TestReferences.None;
        // Rules that also report changes made by other types have a compilation-end twin of the same id.
        test.MarkupOptions = MarkupOptions.UseFirstDescriptor;
        for (int i = 0; i < sources.Length; i++) test.TestState.Sources.Add(($"/0/Test{i}.cs", sources[i]));
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        if (editorConfig is not null) test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", editorConfig));
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
        GeneratedCodeCheck.AssertNoErrorInGeneratedCode(sources);
    }

    public static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(id, DiagnosticSeverity.Warning);
}
