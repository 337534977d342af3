using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace CheckpointGen.Analyzers.CodeFixes;

/// <summary>CKPT0004: marks the stateful base type [Checkpointable] (and partial) where it is declared.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MarkBaseCheckpointableCodeFixProvider)), Shared]
public sealed class MarkBaseCheckpointableCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.BaseStateNotSaved);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(UnsavedBaseStateAnalyzer.BaseTypeIdProperty, out var baseId) || baseId is null) continue;
            var baseName = baseId.Substring(baseId.LastIndexOf('.') + 1);
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Make base type '{baseName}' [Checkpointable]",
                    cancellationToken => CheckpointableMarking.MarkTypeAsync(context.Document, baseId, cancellationToken),
                    EquivalenceKeys.MarkBaseCheckpointable),
                diagnostic);
        }
        return Task.CompletedTask;
    }
}
