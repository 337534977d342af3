using System;
using System.Threading;
using CheckpointGen.Generators.Classification;
using CheckpointGen.Generators.Model;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Parsing;

/// <summary>
/// Turns a [Checkpointable] type symbol into a <see cref="CheckpointableTypeModel"/>, or null when
/// the type cannot be checkpointed (the analyzer explains why; the generator just emits nothing).
/// </summary>
internal static partial class CheckpointableTypeParser
{
    public static CheckpointableTypeModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type) return null;
        try
        {
            return Parse(type, context.SemanticModel.Compilation, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Half-written code can surprise any symbol query: skip the type rather than fail the build.
            return null;
        }
    }

    public static CheckpointableTypeModel? Parse(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
    {
        var known = KnownSymbols.For(compilation);
        if (!CheckpointableTypeFacts.CanCarryCode(type)) return null;
        var classification = MemberClassifier.Classify(type, known);
        cancellationToken.ThrowIfCancellationRequested();
        if (!classification.IsValid || !CheckpointableTypeFacts.GetsGeneratedCode(type, known)) return null;

        var hierarchy = HierarchyOf(type);
        return new CheckpointableTypeModel(
            HintName: HintNameOf(type),
            Hierarchy: hierarchy,
            Declaration: DeclarationOf(type),
            FullyQualifiedName: type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            IsValueType: type.IsValueType,
            IsSealed: type.IsSealed || type.IsValueType,
            HasCheckpointableBase: CheckpointableTypeFacts.CheckpointableBase(type, known) is not null,
            IsModule: known.IsTorchModule(type),
            HasRestoreFactory: CheckpointableTypeFacts.HasRestoreFactory(type, known),
            HasObjectColumns: CheckpointableTypeFacts.HasObjectColumns(type, known),
            StructureHook: RestoreHooks.UseOf(type, RestoreHooks.StructureRestored),
            RestoredHook: RestoreHooks.UseOf(type, RestoreHooks.Restored),
            Members: classification.Members,
            BaseTypeArguments: BaseTypeArgumentsOf(type, known),
            InitializesModule: ReachableFromModule(type));
    }
}
