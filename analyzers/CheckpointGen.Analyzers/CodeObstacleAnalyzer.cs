using System.Collections.Immutable;
using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CheckpointGen.Analyzers;

/// <summary>
/// CKPT0010: a [Checkpointable] type the generator cannot add its partial declaration to
/// (<see cref="CodeObstacles"/>): a static class, a ref struct, a file-local type, or one whose
/// members clash with the generated ones. Reported on each clashing member of the type itself
/// (code fix: rename it), otherwise on the type's name. A type that is not partial is CKPT0001's.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CodeObstacleAnalyzer : CheckpointAnalyzer
{
    /// <summary>Property present (value "true") when the diagnostic is on a member the code fix can rename.</summary>
    public const string RenameProperty = "Rename";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CheckpointableTypeCannotReceiveCode);

    /// <inheritdoc />
    private protected override void Start(CompilationStartAnalysisContext context, KnownSymbols symbols)
    {
        context.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, symbols), SymbolKind.NamedType);
    }

    private static void AnalyzeType(SymbolAnalysisContext context, KnownSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!symbols.IsCheckpointable(type) || type.Locations.Length == 0 || !type.Locations[0].IsInSource) return;
        string name = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        switch (CodeObstacles.Of(type, symbols, out var culprit))
        {
            case CodeObstacle.Static:
                Report(context, type.Locations[0], name, "a static class has no instance state to save; remove [Checkpointable] (static state is never saved, see CKPT0005)");
                break;
            case CodeObstacle.RefStruct:
                Report(context, type.Locations[0], name, "a ref struct cannot implement ICheckpointable nor be held by a saved object; remove [Checkpointable], or make it an ordinary struct");
                break;
            case CodeObstacle.FileLocal:
                string where = SymbolEqualityComparer.Default.Equals(culprit, type)
                    ? "it is file-local"
                    : $"it is declared in the file-local type '{culprit!.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}'";
                Report(context, type.Locations[0], name, where + ", so the generated partial declaration, in another file, would declare another type; make it internal");
                break;
            case CodeObstacle.ReservedName:
                foreach (var member in CodeObstacles.ReservedNameConflicts(type, symbols))
                {
                    bool own = SymbolEqualityComparer.Default.Equals(member.ContainingType, type) && member.Locations.Length > 0 && member.Locations[0].IsInSource;
                    string reason = own
                        ? $"its member '{member.Name}' takes a name the generated code declares; rename it"
                        : $"'{member.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}.{member.Name}', in a base class, takes a name the generated code declares; rename it or make it private";
                    var properties = own ? ImmutableDictionary<string, string?>.Empty.Add(RenameProperty, "true") : ImmutableDictionary<string, string?>.Empty;
                    Report(context, own ? member.Locations[0] : type.Locations[0], name, reason, properties);
                }
                break;
        }
    }

    private static void Report(SymbolAnalysisContext context, Location location, string type, string reason, ImmutableDictionary<string, string?>? properties = null) =>
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CheckpointableTypeCannotReceiveCode, location, properties, type, reason));
}
