using System.Collections.Immutable;
using CheckpointGen.Analyzers.State;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CheckpointGen.Analyzers;

/// <summary>
/// CKPT0007 (info): an instance member of a [Checkpointable] type marked [CheckpointIgnore] is
/// assigned or mutated outside construction. Reported once per member, on its declaration, with the
/// first change as an additional location, so a reviewer can confirm the state is really transient.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MutatedIgnoredMemberAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.IgnoredMemberMutated);

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
        if (!symbols.IsCheckpointable(type)) return;

        var tracker = MutationTracker.Start(context, member =>
            !member.IsStatic
            && SymbolEqualityComparer.Default.Equals(member.ContainingType, type.OriginalDefinition)
            && symbols.IsIgnored(member));
        context.RegisterSymbolEndAction(end =>
        {
            foreach (var member in StateMembers.DeclaredBy(type))
            {
                if (tracker.FirstMutation(member) is not { } mutation || member.Locations.Length == 0) continue;
                end.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.IgnoredMemberMutated,
                    member.Locations[0],
                    additionalLocations: new[] { mutation },
                    member.Name,
                    type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
            }
        });
    }
}
