using System.Collections.Immutable;
using System.Linq;
using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CheckpointGen.Analyzers;

/// <summary>
/// CKPT0001: a [Checkpointable] type, or a type that contains one (at any depth), is not partial,
/// so the generator cannot add to it. Reported once per type, on the name in its first
/// non-partial declaration; a container of several [Checkpointable] types is reported once.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NonPartialCheckpointableAnalyzer : CheckpointAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CheckpointableTypeNotPartial);

    /// <inheritdoc />
    private protected override void Start(CompilationStartAnalysisContext context, KnownSymbols symbols)
    {
        context.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, symbols), SymbolKind.NamedType);
    }

    private static void AnalyzeType(SymbolAnalysisContext context, KnownSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        string reason;
        if (symbols.IsCheckpointable(type))
        {
            reason = "it is [Checkpointable]";
        }
        else if (FirstCheckpointableNested(type, symbols) is { } nested)
        {
            reason = $"it contains the [Checkpointable] type '{nested.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}'";
        }
        else
        {
            return;
        }

        if (TypeDeclarations.FirstNonPartial(type, context.CancellationToken) is not { } declaration) return;
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.CheckpointableTypeNotPartial,
            declaration.Identifier.GetLocation(),
            type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
            reason));
    }

    private static INamedTypeSymbol? FirstCheckpointableNested(INamedTypeSymbol type, KnownSymbols symbols)
    {
        foreach (var nested in type.GetTypeMembers().OrderBy(t => t.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0))
        {
            if (symbols.IsCheckpointable(nested)) return nested;
            if (FirstCheckpointableNested(nested, symbols) is { } deeper) return deeper;
        }
        return null;
    }
}
