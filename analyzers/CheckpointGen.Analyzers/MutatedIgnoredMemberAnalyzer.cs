using System.Collections.Concurrent;
using System.Collections.Immutable;
using CheckpointGen.Analyzers.State;
using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CheckpointGen.Analyzers;

/// <summary>
/// CKPT0007 (info): an instance member of a [Checkpointable] type marked [CheckpointIgnore] is
/// assigned or mutated outside construction. Reported once per member, on its declaration, with the
/// first change as an additional location, so a reviewer can confirm the state is really transient:
/// a change in the type's own code as soon as the type is analysed, a change only other types make
/// once the whole compilation is (<see cref="ForeignMutations"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MutatedIgnoredMemberAnalyzer : CheckpointAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.IgnoredMemberMutated, DiagnosticDescriptors.IgnoredMemberMutatedAtEnd);

    /// <inheritdoc />
    private protected override void Start(CompilationStartAnalysisContext context, KnownSymbols symbols)
    {
        var reported = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
        var foreign = ForeignMutations.Start(context, (member, _, code) =>
            !member.IsStatic && !SymbolEqualityComparer.Default.Equals(member.ContainingType.OriginalDefinition, code) && IsTracked(member, symbols) ? member : null);
        context.RegisterSymbolStartAction(typeStart => AnalyzeType(typeStart, symbols, reported), SymbolKind.NamedType);
        context.RegisterCompilationEndAction(end =>
        {
            foreach (var change in foreign.All)
            {
                if (reported.ContainsKey(change.Key) || change.Key.Locations.Length == 0 || !change.Key.Locations[0].IsInSource) continue;
                end.ReportDiagnostic(Create(DiagnosticDescriptors.IgnoredMemberMutatedAtEnd, change.Key, change.Value.Location));
            }
        });
    }

    private static void AnalyzeType(SymbolStartAnalysisContext context, KnownSymbols symbols, ConcurrentDictionary<ISymbol, bool> reported)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!symbols.IsCheckpointable(type)) return;

        var tracker = MutationTracker.Start(context, member =>
            !member.IsStatic && SymbolEqualityComparer.Default.Equals(member.ContainingType, type.OriginalDefinition) && symbols.IsIgnored(member));
        context.RegisterSymbolEndAction(end =>
        {
            foreach (var member in StateMembers.DeclaredBy(type))
            {
                if (tracker.FirstMutation(member) is not { } mutation || member.Locations.Length == 0) continue;
                reported.TryAdd(member.OriginalDefinition, true);
                end.ReportDiagnostic(Create(DiagnosticDescriptors.IgnoredMemberMutated, member, mutation));
            }
        });
    }

    private static bool IsTracked(ISymbol member, KnownSymbols symbols) => symbols.IsCheckpointable(member.ContainingType) && symbols.IsIgnored(member);

    private static Diagnostic Create(DiagnosticDescriptor rule, ISymbol member, Location change) =>
        Diagnostic.Create(
            rule,
            member.Locations[0],
            additionalLocations: new[] { change },
            member.Name,
            member.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
}
