using System.Collections.Immutable;
using System.Linq;
using CheckpointGen.Analyzers.State;
using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CheckpointGen.Analyzers;

/// <summary>
/// CKPT0004: a [Checkpointable] type derives (directly or through stateless bases) from a class
/// declared in source that holds instance state (a field or auto-property not marked
/// [CheckpointIgnore]) and is not [Checkpointable]: the generated code saves each [Checkpointable]
/// level and calls its base, so that state is skipped. One diagnostic per such base, on the base
/// list. The walk stops at a base that saves itself (and so calls its own base) and at bases from
/// other assemblies, whose private state the compiler cannot see (TorchSharp modules, for
/// example, are saved by their own codec).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsavedBaseStateAnalyzer : CheckpointAnalyzer
{
    /// <summary>Diagnostic property holding the documentation ID of the base type to mark.</summary>
    public const string BaseTypeIdProperty = "BaseTypeId";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.BaseStateNotSaved);

    /// <inheritdoc />
    private protected override void Start(CompilationStartAnalysisContext context, KnownSymbols symbols)
    {
        context.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, symbols), SymbolKind.NamedType);
    }

    private static void AnalyzeType(SymbolAnalysisContext context, KnownSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind != TypeKind.Class || !symbols.IsCheckpointable(type)) return;

        for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
        {
            var definition = baseType.OriginalDefinition;
            if (symbols.SavesItself(definition) || !TypeDeclarations.IsInSource(definition)) return;
            var state = StateMembers.DeclaredBy(definition).FirstOrDefault(m => !m.IsStatic && !symbols.IsIgnored(m));
            if (state is null) continue;

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.BaseStateNotSaved,
                TypeDeclarations.BaseTypeLocation(type, context.CancellationToken),
                properties: ImmutableDictionary<string, string?>.Empty.Add(BaseTypeIdProperty, DocumentationCommentId.CreateDeclarationId(definition)),
                type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                baseType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                state.Name));
        }
    }
}
