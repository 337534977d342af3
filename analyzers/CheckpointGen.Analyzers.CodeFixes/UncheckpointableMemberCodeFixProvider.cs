using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace CheckpointGen.Analyzers.CodeFixes;

/// <summary>
/// CKPT0002 fixes: leave the member out with [CheckpointIgnore]; make the member's type
/// [Checkpointable] when it is declared in source; replace System.Random with CheckpointableRandom.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UncheckpointableMemberCodeFixProvider)), Shared]
public sealed class UncheckpointableMemberCodeFixProvider : CodeFixProvider
{
    private const string RandomMetadataName = "System.Random";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.MemberTypeNotCheckpointable);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var node = root?.FindNode(context.Span);
        if (root is null || node is null) return;
        var member = node.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault(m => m is FieldDeclarationSyntax or PropertyDeclarationSyntax);

        foreach (var diagnostic in context.Diagnostics)
        {
            if (member is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Leave the member out of checkpoints with [CheckpointIgnore]",
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(Imports.WithUsing(root.ReplaceNode(member, TypeDeclarationEdits.WithAttribute(member, "CheckpointIgnore")), Imports.AttributesNamespace))),
                        EquivalenceKeys.IgnoreMember),
                    diagnostic);
            }
            if (diagnostic.Properties.TryGetValue(UncheckpointableMemberAnalyzer.MarkableTypeIdProperty, out var typeId) && typeId is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Make '{typeId.Substring(typeId.LastIndexOf('.') + 1)}' [Checkpointable]",
                        cancellationToken => CheckpointableMarking.MarkTypeAsync(context.Document, typeId, cancellationToken),
                        EquivalenceKeys.MarkMemberTypeCheckpointable),
                    diagnostic);
            }
            if (member is not null && diagnostic.Properties.ContainsKey(UncheckpointableMemberAnalyzer.SystemRandomProperty))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Use CheckpointableRandom (its state is saved)",
                        cancellationToken => ReplaceRandomAsync(context.Document, member, cancellationToken),
                        EquivalenceKeys.UseCheckpointableRandom),
                    diagnostic);
            }
        }
    }

    /// <summary>Rewrites every mention of System.Random in the declaration (its type and <c>new Random(…)</c> in its initializer).</summary>
    private static async Task<Document> ReplaceRandomAsync(Document document, MemberDeclarationSyntax member, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || root is null) return document;
        var random = model.Compilation.GetTypeByMetadataName(RandomMetadataName);

        var mentions = member.DescendantNodes()
            .OfType<TypeSyntax>()
            .Where(t => t is IdentifierNameSyntax or QualifiedNameSyntax or AliasQualifiedNameSyntax)
            .Where(t => t.Parent is not QualifiedNameSyntax && t.Parent is not AliasQualifiedNameSyntax)
            .Where(t => SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(t, cancellationToken).Symbol, random))
            .ToList();
        if (mentions.Count == 0) return document;

        var replacement = SyntaxFactory.IdentifierName("CheckpointableRandom");
        var newMember = member.ReplaceNodes(mentions, (original, _) => replacement.WithTriviaFrom(original));
        return document.WithSyntaxRoot(Imports.WithUsing(root.ReplaceNode(member, newMember), Imports.RandomnessNamespace));
    }
}
