using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CheckpointGen.Analyzers;

/// <summary>
/// CKPT0011: a [CheckpointFormerName] that can never match. The reader compares former names with the
/// type name a checkpoint recorded for an object (its exact runtime type), a [Checkpointable] struct or
/// a [MemoryPackable] value, reading the attribute of that type only (it is not inherited). So it works
/// on those types and nowhere else: not on a type no checkpoint records, not on an abstract class, and
/// not as an empty name, the type's current name or a name with generic arguments (the current type's
/// are appended). Reported on the attribute; the code fix removes it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FormerNameAnalyzer : CheckpointAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.FormerNameWithoutEffect);

    /// <inheritdoc />
    private protected override void Start(CompilationStartAnalysisContext context, KnownSymbols symbols)
    {
        if (symbols.CheckpointFormerNameAttribute is null) return;
        context.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, symbols), SymbolKind.NamedType);
    }

    private static void AnalyzeType(SymbolAnalysisContext context, KnownSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var attributes = type.GetAttributes()
            .Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, symbols.CheckpointFormerNameAttribute))
            .ToList();
        if (attributes.Count == 0) return;
        // A [Checkpointable] type that gets no code has CKPT0001 or CKPT0010 to explain it first.
        if (symbols.IsCheckpointable(type) && CodeObstacles.Of(type, symbols, out _) != CodeObstacle.None) return;

        string typeName = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        string? misplaced = Misplacement(type, symbols);
        foreach (var attribute in attributes)
        {
            string name = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string s ? s : "";
            string? reason = misplaced ?? Useless(name, type);
            if (reason is null || attribute.ApplicationSyntaxReference is not { } syntax) continue;
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.FormerNameWithoutEffect,
                syntax.GetSyntax(context.CancellationToken).GetLocation(),
                name, typeName, reason));
        }
    }

    /// <summary>Why no checkpoint ever records the type's name, or null when one can.</summary>
    private static string? Misplacement(INamedTypeSymbol type, KnownSymbols symbols)
    {
        bool recorded = KnownSymbols.HasAttribute(type, symbols.MemoryPackableAttribute)
            || KnownSymbols.Implements(type, symbols.ICheckpointable)
            || SelfOrBases(type).Any(t => symbols.IsCheckpointable(t));
        if (!recorded)
            return $"no checkpoint records the name of '{type.Name}': it is neither [Checkpointable], an ICheckpointable nor [MemoryPackable]";
        if (type is { TypeKind: TypeKind.Class, IsAbstract: true })
            return "a checkpoint records the type of each object, which is never an abstract class, and the attribute is not inherited: put it on each concrete class that was renamed";
        return null;
    }

    /// <summary>Why the name can never equal a recorded name of the type, or null when it can.</summary>
    private static string? Useless(string name, INamedTypeSymbol type)
    {
        if (string.IsNullOrWhiteSpace(name)) return "an empty name matches no recorded name";
        if (type.IsGenericType && name.IndexOf('<') >= 0)
            return "the current type's generic arguments are appended to the former name: give the name without them";
        if (CurrentName(type) is { } current && current == name) return "it is the type's current name, which always matches";
        return null;
    }

    /// <summary>The name the checkpoint records for the type (namespace, '+' between nested types), when no level is generic.</summary>
    private static string? CurrentName(INamedTypeSymbol type)
    {
        var names = new List<string>();
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsGenericType) return null;
            names.Insert(0, current.Name);
        }
        string ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : "";
        return ns + string.Join("+", names);
    }

    private static IEnumerable<INamedTypeSymbol> SelfOrBases(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType) yield return current;
    }
}
