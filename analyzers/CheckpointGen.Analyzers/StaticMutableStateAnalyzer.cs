using System.Collections.Immutable;
using CheckpointGen.Analyzers.State;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CheckpointGen.Analyzers;

/// <summary>
/// CKPT0005: a static field or auto-property of a [Checkpointable] type or a [RequiresCheckpointing]
/// implementation that can change: it is assignable (not readonly, not const, or has a setter), or it
/// is readonly but the object it holds is mutated outside the static constructor. Reported once per
/// member, on its declaration.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StaticMutableStateAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.StaticMutableState);

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
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct)) return;
        if (!symbols.IsCheckpointable(type) && symbols.RequiredContract(type) is null) return;

        var tracker = MutationTracker.Start(context, member =>
            member.IsStatic && SymbolEqualityComparer.Default.Equals(member.ContainingType, type.OriginalDefinition));
        context.RegisterSymbolEndAction(end =>
        {
            foreach (var member in StateMembers.DeclaredBy(type))
            {
                if (!member.IsStatic || member.Locations.Length == 0 || !member.Locations[0].IsInSource) continue;
                if (!StateMembers.IsAssignable(member) && tracker.FirstMutation(member) is null) continue;
                end.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.StaticMutableState,
                    member.Locations[0],
                    member.Name,
                    type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
            }
        });
    }
}
