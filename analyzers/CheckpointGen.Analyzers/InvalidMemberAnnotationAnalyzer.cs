using System.Collections.Immutable;
using System.Linq;
using CheckpointGen.Analyzers.State;
using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CheckpointGen.Analyzers;

/// <summary>
/// CKPT0006: checkpoint keys that cannot work and annotations that do nothing.
/// <list type="bullet">
/// <item>an empty key, or a key another saved member of the type (or of a [Checkpointable] base)
/// already uses: found by the generator's classification, so both agree on what the keys are;</item>
/// <item>[CheckpointKey] or [CheckpointIgnore] on a member that is not saved anyway: a static or
/// constant, a property with a hand-written body, a member of a type that is not [Checkpointable],
/// or [CheckpointKey] on an ignored member.</item>
/// </list>
/// One diagnostic per member.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InvalidMemberAnnotationAnalyzer : CheckpointAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.InvalidMemberAnnotation);

    /// <inheritdoc />
    private protected override void Start(CompilationStartAnalysisContext context, KnownSymbols symbols)
    {
        context.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, symbols), SymbolKind.NamedType);
    }

    private static void AnalyzeType(SymbolAnalysisContext context, KnownSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var typeName = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        var reported = new System.Collections.Generic.HashSet<string>();

        foreach (var member in type.GetMembers().Where(m => m is IFieldSymbol or IPropertySymbol && !m.IsImplicitlyDeclared))
        {
            if (UselessAnnotation(member, type, symbols) is not { } reason) continue;
            reported.Add(member.Name);
            Report(context, member, typeName, reason);
        }

        if (!symbols.IsCheckpointable(type)) return;
        foreach (var problem in MemberClassifier.Classify(type, symbols).Problems)
        {
            if (problem.Kind.RuleId() != DiagnosticIds.InvalidMemberAnnotation) continue;
            if (!reported.Add(problem.MemberName)) continue;
            var member = type.GetMembers(problem.MemberName).FirstOrDefault(m => m is IFieldSymbol or IPropertySymbol);
            if (member is not null) Report(context, member, typeName, problem.Message);
        }
    }

    private static string? UselessAnnotation(ISymbol member, INamedTypeSymbol type, KnownSymbols symbols)
    {
        var attribute = symbols.KeyAttribute(member) ?? symbols.IgnoreAttribute(member);
        if (attribute is null) return null;
        var name = "[" + attribute.AttributeClass!.Name.Replace("Attribute", "") + "]";

        if (member.IsStatic || member is IFieldSymbol { IsConst: true })
            return $"{name} has no effect: static and constant members are never saved";
        if (member is IPropertySymbol property && !StateMembers.IsAutoProperty(property))
            return $"{name} has no effect: a property with a body stores nothing; put it on the field the property uses";
        if (!symbols.IsCheckpointable(type))
            return $"{name} has no effect: '{type.Name}' is not [Checkpointable], so none of its members is saved";
        if (symbols.KeyAttribute(member) is not null && symbols.IgnoreAttribute(member) is not null)
            return "[CheckpointKey] has no effect on a [CheckpointIgnore] member: remove one of them";
        return null;
    }

    private static void Report(SymbolAnalysisContext context, ISymbol member, string typeName, string reason)
    {
        if (member.Locations.Length == 0 || !member.Locations[0].IsInSource) return;
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.InvalidMemberAnnotation, member.Locations[0], member.Name, typeName, reason));
    }
}
