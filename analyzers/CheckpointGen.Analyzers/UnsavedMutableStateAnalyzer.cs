using System.Collections.Immutable;
using System.Linq;
using CheckpointGen.Analyzers.State;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CheckpointGen.Analyzers;

/// <summary>
/// CKPT0003: a non-abstract implementation of a [RequiresCheckpointing] contract changes its own
/// (or an unsaved base's) instance state after construction but is not [Checkpointable]. Reported
/// once per type, on its name, with the first change as an additional location.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsavedMutableStateAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property holding the name of the first mutated member.</summary>
    public const string MemberProperty = "Member";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnsavedMutableState);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (CheckpointGenSymbols.TryCreate(start.Compilation) is not { } symbols) return;
            start.RegisterSymbolStartAction(typeStart => AnalyzeType(typeStart, symbols), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolStartAnalysisContext context, CheckpointGenSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsAbstract || type.IsStatic) return;
        if (symbols.SavesItself(type) || symbols.RequiredContract(type) is not { } contract) return;

        var tracker = MutationTracker.Start(context, member => !member.IsStatic && IsUnsavedStateOf(type, member.ContainingType, symbols));
        context.RegisterSymbolEndAction(end =>
        {
            var first = tracker.All
                .OrderBy(m => m.Value.SourceTree?.FilePath, System.StringComparer.Ordinal)
                .ThenBy(m => m.Value.SourceSpan.Start)
                .FirstOrDefault();
            if (first.Key is null) return;
            end.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UnsavedMutableState,
                type.Locations[0],
                additionalLocations: new[] { first.Value },
                properties: ImmutableDictionary<string, string?>.Empty.Add(MemberProperty, first.Key.Name),
                type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                contract.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                first.Key.Name));
        });
    }

    /// <summary>State declared by the type itself, or by a base class that does not save its own members.</summary>
    private static bool IsUnsavedStateOf(INamedTypeSymbol type, INamedTypeSymbol declaringType, CheckpointGenSymbols symbols)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, declaringType.OriginalDefinition))
            {
                return current.Equals(type, SymbolEqualityComparer.Default) || !symbols.SavesItself(current);
            }
        }
        return false;
    }
}
