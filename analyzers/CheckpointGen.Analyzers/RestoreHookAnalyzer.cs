using System.Collections.Immutable;
using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CheckpointGen.Analyzers;

/// <summary>
/// CKPT0008: a member of a [Checkpointable] type takes the name of a restore hook without being the
/// partial method the generator declares (<see cref="RestoreHooks"/>). An ordinary parameterless
/// method, the way hooks were written before, still runs (the generator calls it), but its name is
/// checked by nobody; the code fix turns it into <c>partial void</c>. Any other member of that name
/// (a field, a property, a static method) keeps the hook from being declared, so it never runs.
/// Reported on the member, once per hook.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RestoreHookAnalyzer : CheckpointAnalyzer
{
    /// <summary>Property present (value "true") when the code fix can make the method partial: an ordinary void method.</summary>
    public const string FixableProperty = "Fixable";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.RestoreHookNotPartial);

    /// <inheritdoc />
    private protected override void Start(CompilationStartAnalysisContext context, KnownSymbols symbols)
    {
        context.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, symbols), SymbolKind.NamedType);
    }

    private static void AnalyzeType(SymbolAnalysisContext context, KnownSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!symbols.IsCheckpointable(type)) return;
        foreach (string hook in RestoreHooks.All)
        {
            var use = RestoreHooks.Classify(type, hook, out var member);
            if (member is null || member.Locations.Length == 0 || !member.Locations[0].IsInSource) continue;
            string reason;
            var properties = ImmutableDictionary<string, string?>.Empty;
            if (RestoreHooks.IsLegacyHook(member))
            {
                reason = $"is an ordinary method, so nothing checks its name and signature: declare it 'partial void {hook}()' (the generator declares the partial method)";
                if (member is IMethodSymbol { ReturnsVoid: true }) properties = properties.Add(FixableProperty, "true");
            }
            else if (use == HookUse.None && member is not IMethodSymbol { IsOverride: true })
            {
                reason = $"takes the name of the restore hook, which is then never declared nor called: rename it, and implement the hook as 'partial void {hook}()'";
            }
            else
            {
                continue;
            }
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.RestoreHookNotPartial,
                member.Locations[0],
                properties,
                member.Name,
                type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                reason));
        }
    }
}
