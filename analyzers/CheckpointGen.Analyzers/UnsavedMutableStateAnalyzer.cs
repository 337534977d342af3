using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using CheckpointGen.Analyzers.State;
using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CheckpointGen.Analyzers;

/// <summary>
/// CKPT0003: a non-abstract implementation of a [RequiresCheckpointing] contract changes its own
/// (or an unsaved base's) instance state after construction but is not [Checkpointable]. Reported
/// once per type, on its name, with the first change as an additional location: a change in the
/// type's own code as soon as the type is analysed, a change only other types make
/// (<c>plugin.Count++</c> in a strategy) once the whole compilation is (<see cref="ForeignMutations"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsavedMutableStateAnalyzer : CheckpointAnalyzer
{
    /// <summary>Diagnostic property holding the name of the first mutated member.</summary>
    public const string MemberProperty = "Member";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnsavedMutableState, DiagnosticDescriptors.UnsavedMutableStateAtEnd);

    /// <inheritdoc />
    private protected override void Start(CompilationStartAnalysisContext context, KnownSymbols symbols)
    {
        var reported = new ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);
        var foreign = ForeignMutations.Start(context, (member, receiver, code) =>
            receiver is INamedTypeSymbol type && !SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, code)
            && !member.IsStatic && IsCandidate(type, symbols) && IsUnsavedStateOf(type, member.ContainingType, symbols)
                ? type.OriginalDefinition : null);
        context.RegisterSymbolStartAction(typeStart => AnalyzeType(typeStart, symbols, reported), SymbolKind.NamedType);
        context.RegisterCompilationEndAction(end =>
        {
            foreach (var change in foreign.All)
            {
                var type = (INamedTypeSymbol)change.Key;
                if (reported.ContainsKey(type) || !TypeDeclarations.IsInSource(type)) continue;
                Report(end.ReportDiagnostic, DiagnosticDescriptors.UnsavedMutableStateAtEnd, type, symbols.RequiredContract(type)!, change.Value.Member, change.Value.Location);
            }
        });
    }

    private static void AnalyzeType(SymbolStartAnalysisContext context, KnownSymbols symbols, ConcurrentDictionary<INamedTypeSymbol, bool> reported)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!IsCandidate(type, symbols)) return;

        var tracker = MutationTracker.Start(context, member => !member.IsStatic && IsUnsavedStateOf(type, member.ContainingType, symbols));
        context.RegisterSymbolEndAction(end =>
        {
            var first = tracker.All
                .OrderBy(m => m.Value.SourceTree?.FilePath, System.StringComparer.Ordinal)
                .ThenBy(m => m.Value.SourceSpan.Start)
                .FirstOrDefault();
            if (first.Key is null) return;
            reported.TryAdd(type, true);
            Report(end.ReportDiagnostic, DiagnosticDescriptors.UnsavedMutableState, type, symbols.RequiredContract(type)!, first.Key, first.Value);
        });
    }

    private static void Report(System.Action<Diagnostic> report, DiagnosticDescriptor rule, INamedTypeSymbol type, INamedTypeSymbol contract, ISymbol member, Location change) =>
        report(Diagnostic.Create(
            rule,
            type.Locations[0],
            additionalLocations: new[] { change },
            properties: ImmutableDictionary<string, string?>.Empty.Add(MemberProperty, member.Name),
            type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
            contract.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
            member.Name));

    /// <summary>A concrete class or struct that owes a checkpoint (a [RequiresCheckpointing] contract) and does not save itself.</summary>
    private static bool IsCandidate(INamedTypeSymbol type, KnownSymbols symbols) =>
        type.TypeKind is TypeKind.Class or TypeKind.Struct && !type.IsAbstract && !type.IsStatic
        && !symbols.SavesItself(type) && symbols.RequiredContract(type) is not null;

    /// <summary>State declared by the type itself, or by a base class that does not save its own members.</summary>
    private static bool IsUnsavedStateOf(INamedTypeSymbol type, INamedTypeSymbol declaringType, KnownSymbols symbols)
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
