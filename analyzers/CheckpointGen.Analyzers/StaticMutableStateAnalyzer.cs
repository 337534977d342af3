using System.Collections.Concurrent;
using System.Collections.Immutable;
using CheckpointGen.Analyzers.State;
using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CheckpointGen.Analyzers;

/// <summary>
/// CKPT0005: a static field or auto-property of a [Checkpointable] type or a [RequiresCheckpointing]
/// implementation that can change: it is assignable (not readonly, not const, or has a setter), or it
/// is readonly but the object it holds is mutated outside the static constructor, by the type's own
/// code (reported as soon as the type is analysed) or by another type's (reported once the whole
/// compilation is, <see cref="ForeignMutations"/>). Reported once per member, on its declaration.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StaticMutableStateAnalyzer : CheckpointAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.StaticMutableState, DiagnosticDescriptors.StaticMutableStateAtEnd);

    /// <inheritdoc />
    private protected override void Start(CompilationStartAnalysisContext context, KnownSymbols symbols)
    {
        var reported = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
        var foreign = ForeignMutations.Start(context, (member, _, code) =>
            member.IsStatic && !SymbolEqualityComparer.Default.Equals(member.ContainingType.OriginalDefinition, code) && IsConcerned(member.ContainingType, symbols) ? member : null);
        context.RegisterSymbolStartAction(typeStart => AnalyzeType(typeStart, symbols, reported), SymbolKind.NamedType);
        context.RegisterCompilationEndAction(end =>
        {
            foreach (var change in foreign.All)
                if (!reported.ContainsKey(change.Key) && change.Key.Locations.Length > 0 && change.Key.Locations[0].IsInSource)
                    end.ReportDiagnostic(Create(DiagnosticDescriptors.StaticMutableStateAtEnd, change.Key));
        });
    }

    private static void AnalyzeType(SymbolStartAnalysisContext context, KnownSymbols symbols, ConcurrentDictionary<ISymbol, bool> reported)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!IsConcerned(type, symbols)) return;

        var tracker = MutationTracker.Start(context, member =>
            member.IsStatic && SymbolEqualityComparer.Default.Equals(member.ContainingType, type.OriginalDefinition));
        context.RegisterSymbolEndAction(end =>
        {
            foreach (var member in StateMembers.DeclaredBy(type))
            {
                if (!member.IsStatic || member.Locations.Length == 0 || !member.Locations[0].IsInSource) continue;
                if (!StateMembers.IsAssignable(member) && tracker.FirstMutation(member) is null) continue;
                reported.TryAdd(member.OriginalDefinition, true);
                end.ReportDiagnostic(Create(DiagnosticDescriptors.StaticMutableState, member));
            }
        });
    }

    private static bool IsConcerned(INamedTypeSymbol type, KnownSymbols symbols) =>
        type.TypeKind is TypeKind.Class or TypeKind.Struct && (symbols.IsCheckpointable(type) || symbols.RequiredContract(type) is not null);

    private static Diagnostic Create(DiagnosticDescriptor rule, ISymbol member) =>
        Diagnostic.Create(rule, member.Locations[0], member.Name, member.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
}
