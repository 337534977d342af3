using System.Collections.Immutable;
using System.Linq;
using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CheckpointGen.Analyzers;

/// <summary>
/// CKPT0002: a saved member of a [Checkpointable] type has a type that cannot be checkpointed (or
/// cannot be used by generated code at all). The problems come from the generator's own
/// classification (<see cref="MemberClassifier.Classify"/>), so this rule fires exactly when the
/// generator would refuse the type. One diagnostic per member,
/// on its declaration. Properties tell the code fixes which fixes apply.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UncheckpointableMemberAnalyzer : CheckpointAnalyzer
{
    /// <summary>Property present (value "true") when the member's type is exactly System.Random.</summary>
    public const string SystemRandomProperty = "SystemRandom";

    /// <summary>Property holding the documentation ID of a source type that [Checkpointable] would make supported.</summary>
    public const string MarkableTypeIdProperty = "MarkableTypeId";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.MemberTypeNotCheckpointable);

    /// <inheritdoc />
    private protected override void Start(CompilationStartAnalysisContext context, KnownSymbols symbols)
    {
        context.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, symbols), SymbolKind.NamedType);
    }

    private static void AnalyzeType(SymbolAnalysisContext context, KnownSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!symbols.IsCheckpointable(type)) return;

        foreach (var problem in MemberClassifier.Classify(type, symbols).Problems)
        {
            // An unresolved type is already a compiler error, a struct with errors has its own: a second diagnostic would only be noise.
            if (problem.Kind.RuleId() != DiagnosticIds.MemberTypeNotCheckpointable || problem.Kind.IsReportedElsewhere()) continue;
            var field = MemberClassifier.SavedFields(type, symbols).First(f => MemberClassifier.MemberName(f) == problem.MemberName);
            ISymbol member = field.AssociatedSymbol is IPropertySymbol property ? property : field;
            if (member.Locations.Length == 0 || !member.Locations[0].IsInSource) continue;

            var properties = ImmutableDictionary<string, string?>.Empty;
            if (problem.Kind == ProblemKind.SystemRandom) properties = properties.Add(SystemRandomProperty, "true");
            if (MarkableTypes.FirstUnsupportedSourceType(field.Type, symbols) is { } markable)
                properties = properties.Add(MarkableTypeIdProperty, DocumentationCommentId.CreateDeclarationId(markable));

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.MemberTypeNotCheckpointable,
                member.Locations[0],
                properties,
                member.Name,
                type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                problem.Message));
        }
    }
}
