using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;

namespace CheckpointGen.Analyzers.CodeFixes;

/// <summary>
/// CKPT0009: holds a temporary Scalar argument in a <c>using var</c> declared just before its statement
/// (<c>t.add_(g, alpha: -lr);</c> becomes <c>using var alpha = (-lr).ToScalar(); t.add_(g, alpha: alpha);</c>), so the
/// Scalar stays referenced until the end of the block. Offered when the statement is an expression, declaration or
/// return statement directly in a block, the argument is not inside a lambda, and moving the argument's computation
/// before the statement cannot change what it computes (no calls other than <c>ToScalar()</c>, no assignments,
/// no variable declared by the statement itself).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HoldScalarCodeFixProvider)), Shared]
public sealed class HoldScalarCodeFixProvider : CodeFixProvider
{
    private const string Title = "Hold the Scalar in a 'using' variable";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.TemporaryScalar);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (context, document, diagnostics) => await HoldAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (Plan(root, model, diagnostic, context.CancellationToken) is null) continue;
            context.RegisterCodeFix(
                CodeAction.Create(Title, cancellationToken => HoldAsync(context.Document, ImmutableArray.Create(diagnostic), cancellationToken), EquivalenceKeys.HoldScalar),
                diagnostic);
        }
    }

    private sealed record Hold(ExpressionSyntax Argument, StatementSyntax Statement, string BaseName, ExpressionSyntax Initializer);

    private static async Task<Document> HoldAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return document;
        var holds = diagnostics.Select(d => Plan(root, model, d, cancellationToken)).OfType<Hold>().OrderBy(h => h.Argument.SpanStart).ToList();
        if (holds.Count == 0) return document;

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var taken = new HashSet<string>();
        foreach (var statement in holds.GroupBy(h => h.Statement))
        {
            var indentation = statement.Key.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
            var declarations = new List<SyntaxNode>();
            foreach (var hold in statement)
            {
                string name = UniqueName(model, hold.Statement, hold.BaseName, taken);
                editor.ReplaceNode(hold.Argument, SyntaxFactory.IdentifierName(name).WithTriviaFrom(hold.Argument));
                declarations.Add(UsingDeclaration(name, hold.Initializer, indentation));
            }
            editor.InsertBefore(statement.Key, declarations);
        }
        var changed = editor.GetChangedRoot();
        return document.WithSyntaxRoot(WithTorchSharpUsing(changed));
    }

    private static Hold? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(TemporaryScalarAnalyzer.FixProperty, out var fix) || fix != TemporaryScalarAnalyzer.HoldArgument) return null;
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var argument = node as ExpressionSyntax ?? (node as ArgumentSyntax)?.Expression;
        var operation = argument is null ? null : model.GetOperation(argument, cancellationToken);
        while (operation?.Parent is IConversionOperation { IsImplicit: true } conversion) operation = conversion;
        if (argument is null || operation?.Parent is not IArgumentOperation { Parameter: { } parameter }) return null;
        if (argument.FirstAncestorOrSelf<StatementSyntax>() is not { Parent: BlockSyntax } statement) return null;
        if (statement is not (ExpressionStatementSyntax or LocalDeclarationStatementSyntax or ReturnStatementSyntax)) return null;
        if (argument.Ancestors().TakeWhile(a => a != statement).Any(a => a is AnonymousFunctionExpressionSyntax)) return null;
        if (!CanMoveBefore(argument, statement, model, cancellationToken)) return null;

        bool alreadyScalar = model.GetTypeInfo(argument, cancellationToken).Type is { Name: "Scalar", ContainingNamespace.Name: "TorchSharp" };
        var value = argument.WithoutTrivia();
        ExpressionSyntax initializer = alreadyScalar
            ? value
            : SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                NeedsParentheses(value) ? SyntaxFactory.ParenthesizedExpression(value) : value, SyntaxFactory.IdentifierName("ToScalar")));
        return new Hold(argument, statement, parameter.Name, initializer);
    }

    /// <summary>True when evaluating the argument before the statement computes the same value: nothing in it can have side effects or depend on the statement.</summary>
    private static bool CanMoveBefore(ExpressionSyntax argument, StatementSyntax statement, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var node in argument.DescendantNodesAndSelf())
        {
            switch (node)
            {
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ToScalar" } } when node == argument:
                    continue;
                case InvocationExpressionSyntax or AssignmentExpressionSyntax or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax
                    or AwaitExpressionSyntax or DeclarationExpressionSyntax or IsPatternExpressionSyntax or ConditionalAccessExpressionSyntax:
                    return false;
                case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression):
                    return false;
                case PostfixUnaryExpressionSyntax:
                    return false;
                case IdentifierNameSyntax identifier:
                    if (model.GetSymbolInfo(identifier, cancellationToken).Symbol is ILocalSymbol local
                        && local.DeclaringSyntaxReferences.Any(r => statement.Span.Contains(r.Span)))
                        return false;
                    break;
            }
        }
        return true;
    }

    private static bool NeedsParentheses(ExpressionSyntax value) =>
        value is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or ParenthesizedExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax)
        && !(value is LiteralExpressionSyntax && !value.ToString().StartsWith("-"));

    private static LocalDeclarationStatementSyntax UsingDeclaration(string name, ExpressionSyntax initializer, SyntaxTrivia indentation)
    {
        var declarator = SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(name))
            .WithInitializer(SyntaxFactory.EqualsValueClause(initializer.WithLeadingTrivia(SyntaxFactory.Space)).WithLeadingTrivia(SyntaxFactory.Space));
        var declaration = SyntaxFactory.VariableDeclaration(SyntaxFactory.IdentifierName("var").WithTrailingTrivia(SyntaxFactory.Space), SyntaxFactory.SingletonSeparatedList(declarator));
        var leading = indentation.IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(indentation) : SyntaxFactory.TriviaList();
        return SyntaxFactory.LocalDeclarationStatement(declaration)
            .WithUsingKeyword(SyntaxFactory.Token(leading, SyntaxKind.UsingKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)))
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.SemicolonToken, SyntaxFactory.TriviaList(SyntaxFactory.LineFeed)));
    }

    /// <summary>The parameter's name in camelCase, made unique among the names visible at the statement and those already chosen.</summary>
    private static string UniqueName(SemanticModel model, StatementSyntax statement, string parameterName, HashSet<string> taken)
    {
        var parts = parameterName.Split('_').Where(p => p.Length > 0).ToArray();
        string baseName = parts.Length == 0 ? "scalar" : parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
        if (SyntaxFacts.GetKeywordKind(baseName) != SyntaxKind.None) baseName += "Scalar";
        var visible = new HashSet<string>(model.LookupSymbols(statement.SpanStart).Select(s => s.Name));
        foreach (var declared in statement.Parent!.DescendantNodes().OfType<VariableDeclaratorSyntax>()) visible.Add(declared.Identifier.ValueText);
        foreach (var designation in statement.Parent!.DescendantNodes().OfType<SingleVariableDesignationSyntax>()) visible.Add(designation.Identifier.ValueText);
        string name = baseName;
        for (int i = 2; visible.Contains(name) || taken.Contains(name); i++) name = baseName + i;
        taken.Add(name);
        return name;
    }

    private static SyntaxNode WithTorchSharpUsing(SyntaxNode root)
    {
        if (root is not CompilationUnitSyntax unit) return root;
        bool present = unit.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<UsingDirectiveSyntax>()
            .Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == "TorchSharp");
        if (present) return root;
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName("TorchSharp"))
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
            .WithTrailingTrivia(SyntaxFactory.LineFeed);
        return unit.WithUsings(unit.Usings.Insert(0, directive));
    }
}
