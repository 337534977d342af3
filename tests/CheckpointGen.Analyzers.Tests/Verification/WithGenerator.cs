using CheckpointGen.Generators;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace CheckpointGen.Analyzers.Tests.Verification;

/// <summary>
/// An analyzer test that also runs the source generator, as a build does: for sources that only
/// compile with the generated code (implementations of the generated partial hooks). The generated
/// files themselves are not compared.
/// </summary>
internal sealed class AnalyzerTestWithGenerator<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public AnalyzerTestWithGenerator() => TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;

    protected override IEnumerable<Type> GetSourceGenerators() => [typeof(CheckpointableGenerator)];
}

/// <summary>A code fix test that also runs the source generator (see <see cref="AnalyzerTestWithGenerator{TAnalyzer}"/>).</summary>
internal sealed class CodeFixTestWithGenerator<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public CodeFixTestWithGenerator() => TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;

    protected override IEnumerable<Type> GetSourceGenerators() => [typeof(CheckpointableGenerator)];
}
