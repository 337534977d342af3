using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Rename;

namespace CheckpointGen.Analyzers.CodeFixes;

/// <summary>
/// CKPT0010: renames a member that takes a name the generated code declares, everywhere it is used:
/// leading underscores go, and a name still reserved gets <c>Core</c> (<c>WriteCheckpointMembers</c>
/// becomes <c>WriteCheckpointMembersCore</c>), with a number when the type already has that name.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RenameReservedMemberCodeFixProvider)), Shared]
public sealed class RenameReservedMemberCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.CheckpointableTypeCannotReceiveCode);

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(CodeObstacleAnalyzer.RenameProperty)) continue;
            var node = root.FindNode(diagnostic.Location.SourceSpan);
            if (model.GetDeclaredSymbol(node, context.CancellationToken) is not { ContainingType: { } type } member) continue;
            string newName = FreeName(member.Name, type);
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Rename '{member.Name}' to '{newName}'",
                    cancellationToken => Renamer.RenameSymbolAsync(context.Document.Project.Solution, member, new SymbolRenameOptions(), newName, cancellationToken),
                    EquivalenceKeys.RenameReservedMember),
                diagnostic);
        }
    }

    private static string FreeName(string name, INamedTypeSymbol type)
    {
        string stem = name.TrimStart('_');
        if (stem.Length == 0) stem = "Member";
        if (GeneratedMemberNames.IsReserved(stem)) stem += "Core";
        var taken = type.GetMembers().Select(m => m.Name).ToImmutableHashSet();
        string candidate = stem;
        for (int i = 2; taken.Contains(candidate); i++) candidate = stem + i;
        return candidate;
    }
}
