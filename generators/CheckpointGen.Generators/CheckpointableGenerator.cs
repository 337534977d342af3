using CheckpointGen.Generators.Classification;
using CheckpointGen.Generators.Emitting;
using CheckpointGen.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators;

/// <summary>
/// Implements <c>ICheckpointable</c> (and <c>ICheckpointableFactory</c>) for every partial type marked
/// <c>[Checkpointable]</c>: one <c>Namespace.Type.Checkpoint.g.cs</c> file per type.
/// </summary>
/// <remarks>
/// 1. Find the types carrying the attribute (ForAttributeWithMetadataName: only their syntax is looked at).
/// 2. Parse each into an equatable model (CheckpointableTypeParser); types that cannot be checkpointed give null.
/// 3. Emit each valid model's source (CheckpointSourceEmitter).
/// Diagnostics for types that cannot be checkpointed come from the analyzer, not from here.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class CheckpointableGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var models = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.CheckpointableAttribute,
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax,
                transform: CheckpointableTypeParser.Parse)
            .WithTrackingName(TrackingNames.Models);

        var validModels = models
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.ValidModels);

        context.RegisterSourceOutput(validModels, static (output, model) =>
            output.AddSource(model.HintName, CheckpointSourceEmitter.Emit(model)));
    }
}
