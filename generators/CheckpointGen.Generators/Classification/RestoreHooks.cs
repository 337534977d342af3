using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CheckpointGen.Generators.Classification;

/// <summary>What the generated code of one level does with one restore hook.</summary>
internal enum HookUse
{
    /// <summary>Neither declared nor called: another member takes the name (a field, an override, an accessible base member).</summary>
    None,
    /// <summary>Declared (<c>partial void Hook();</c>) for the user to implement, and not called: nothing implements it yet.</summary>
    Declare,
    /// <summary>Declared and called: the type implements the declared partial method.</summary>
    Complete,
    /// <summary>Called, not declared: the type declares the method itself (its own partial definition, or an ordinary method from before partial hooks).</summary>
    Call,
}

/// <summary>
/// The restore hooks: methods the generated code calls at fixed points of a restore. The generator
/// declares them as partial methods (the pattern of CommunityToolkit.Mvvm's <c>On…Changed</c>), so an
/// implementation with a misspelled name or a wrong signature is a compile error instead of a method
/// that silently never runs.
/// </summary>
internal static class RestoreHooks
{
    /// <summary>Called after the plain members, before modules and tensors: rebuild layers from restored counts.</summary>
    public const string StructureRestored = "OnCheckpointStructureRestored";

    /// <summary>Called at the end of the level's restore: recompute caches and derived state.</summary>
    public const string Restored = "OnCheckpointRestored";

    public static readonly string[] All = { StructureRestored, Restored };

    public static HookUse UseOf(INamedTypeSymbol type, string name) => Classify(type, name, out _);

    /// <summary>
    /// How the level uses the hook, and in <paramref name="declared"/> the member of the type that
    /// takes the name when the generator cannot declare it: an ordinary method from before partial
    /// hooks (<see cref="IsLegacyHook"/>) or a member that conflicts.
    /// </summary>
    public static HookUse Classify(INamedTypeSymbol type, string name, out ISymbol? declared)
    {
        declared = null;
        foreach (var member in type.GetMembers(name))
        {
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method && (method.Parameters.Length > 0 || method.TypeParameters.Length > 0)) continue;
            declared = member;
            if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false } hook) return HookUse.None;
            if (hook.IsPartialDefinition) return HookUse.Call;
            // A partial with a body and no definition: the generated declaration completes it when it
            // matches one; otherwise the user's own declaration is the error the compiler reports.
            if (PartialBody(hook) is { } body) { declared = null; return Matches(hook, body) ? HookUse.Complete : HookUse.None; }
            return hook.IsOverride ? HookUse.None : HookUse.Call;
        }
        // A member a base type lets this level see would be hidden by the declaration (CS0108).
        for (var level = type.BaseType; level is not null; level = level.BaseType)
            if (level.GetMembers(name).Any(m => m.DeclaredAccessibility is not (Accessibility.Private or Accessibility.NotApplicable))) return HookUse.None;
        return HookUse.Declare;
    }

    /// <summary>True when the level declares the partial method.</summary>
    public static bool IsDeclared(this HookUse use) => use is HookUse.Declare or HookUse.Complete;

    /// <summary>True when the level calls the hook.</summary>
    public static bool IsCalled(this HookUse use) => use is HookUse.Complete or HookUse.Call;

    /// <summary>An ordinary parameterless instance method with a hook's name: called as before, reported so that it becomes partial.</summary>
    public static bool IsLegacyHook(ISymbol? member) =>
        member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false, IsOverride: false, IsPartialDefinition: false, Parameters.Length: 0, TypeParameters.Length: 0 };

    /// <summary>The declaration of a partial method written with a body and no separate definition, or null.</summary>
    private static MethodDeclarationSyntax? PartialBody(IMethodSymbol method)
    {
        if (method.PartialDefinitionPart is not null) return null;
        foreach (var reference in method.DeclaringSyntaxReferences)
            if (reference.GetSyntax() is MethodDeclarationSyntax syntax && syntax.Modifiers.Any(SyntaxKind.PartialKeyword)) return syntax;
        return null;
    }

    /// <summary>True when <c>partial void Hook();</c> is a definition the body can complete: void, parameterless, no accessibility or other modifiers that must match.</summary>
    private static bool Matches(IMethodSymbol method, MethodDeclarationSyntax syntax) =>
        method.ReturnsVoid && method.Parameters.Length == 0 && method.TypeParameters.Length == 0
        && syntax.Modifiers.All(m => m.IsKind(SyntaxKind.PartialKeyword) || m.IsKind(SyntaxKind.UnsafeKeyword) || m.IsKind(SyntaxKind.AsyncKeyword));
}
