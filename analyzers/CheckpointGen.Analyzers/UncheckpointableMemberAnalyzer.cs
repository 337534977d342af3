using System.Collections.Immutable;
using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CheckpointGen.Analyzers;

/// <summary>
/// CKPT0002: a saved member of a [Checkpointable] type has a type that cannot be checkpointed.
/// Which members are saved and which types are supported come from the generator's own
/// classification (<see cref="MemberClassifier.SavedFields"/>, <see cref="ShapeClassifier.Classify"/>),
/// so this rule fires exactly when the generator would refuse the type. One diagnostic per member,
/// on its declaration. Properties tell the code fixes which fixes apply.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UncheckpointableMemberAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property present (value "true") when the member's type is exactly System.Random.</summary>
    public const string SystemRandomProperty = "SystemRandom";

    /// <summary>Property holding the documentation ID of a source type that [Checkpointable] would make supported.</summary>
    public const string MarkableTypeIdProperty = "MarkableTypeId";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.MemberTypeNotCheckpointable);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (CheckpointGenSymbols.TryCreate(start.Compilation) is not { } symbols) return;
            start.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, symbols), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, CheckpointGenSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!symbols.IsCheckpointable(type)) return;

        foreach (var field in MemberClassifier.SavedFields(type))
        {
            var shape = ShapeClassifier.Classify(field.Type);
            // An unresolved type is already a compiler error; a second diagnostic would only be noise.
            if (shape.IsSupported || shape.ProblemId == CheckpointDiagnosticIds.UnresolvedType) continue;

            ISymbol member = field.AssociatedSymbol is IPropertySymbol property ? property : field;
            if (member.Locations.Length == 0 || !member.Locations[0].IsInSource) continue;

            var properties = ImmutableDictionary<string, string?>.Empty;
            if (shape.ProblemId == CheckpointDiagnosticIds.SystemRandom) properties = properties.Add(SystemRandomProperty, "true");
            if (MarkableTypes.FirstUnsupportedSourceType(field.Type, symbols) is { } markable)
                properties = properties.Add(MarkableTypeIdProperty, DocumentationCommentId.CreateDeclarationId(markable));

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.MemberTypeNotCheckpointable,
                member.Locations[0],
                properties,
                member.Name,
                type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                shape.Reason));
        }
    }
}
