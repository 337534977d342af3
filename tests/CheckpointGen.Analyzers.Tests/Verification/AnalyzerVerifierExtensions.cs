using Microsoft.CodeAnalysis.Testing;

namespace CheckpointGen.Analyzers.Tests.Verification;

/// <summary>Short forms for expected diagnostics whose message is not under test.</summary>
internal static class AnalyzerVerifierExtensions
{
    /// <summary>A diagnostic of <paramref name="id"/> at the span, severity and message not checked.</summary>
    public static DiagnosticResult At(string id, int startLine, int startColumn, int endLine, int endColumn) =>
        new DiagnosticResult(id, Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithSpan(startLine, startColumn, endLine, endColumn)
            .WithOptions(DiagnosticOptions.IgnoreSeverity | DiagnosticOptions.IgnoreAdditionalLocations)
            .WithMessage(null);
}
