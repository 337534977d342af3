using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CheckpointGen.Analyzers.State;

/// <summary>
/// Collects, while one type is analyzed (a symbol-start scope: every member of every partial
/// declaration, including lambdas and local functions inside them), the state members that are
/// changed outside construction, with the first place each is changed. Construction means a
/// constructor (static constructor for static members), an init accessor, or a field or property
/// initializer, or a restore hook of the member's type (it rebuilds a restored object's derived
/// state), but not a lambda or local function written inside one: those may run later.
/// </summary>
internal sealed class MutationTracker
{
    private readonly Func<ISymbol, bool> _isTracked;
    private readonly ConcurrentDictionary<ISymbol, Location> _firstMutation = new(SymbolEqualityComparer.Default);

    private MutationTracker(Func<ISymbol, bool> isTracked) => _isTracked = isTracked;

    /// <summary>Starts tracking the members <paramref name="isTracked"/> selects within the type of <paramref name="context"/>.</summary>
    public static MutationTracker Start(SymbolStartAnalysisContext context, Func<ISymbol, bool> isTracked)
    {
        var tracker = new MutationTracker(isTracked);
        context.RegisterOperationAction(tracker.Inspect, OperationKind.FieldReference, OperationKind.PropertyReference);
        return tracker;
    }

    /// <summary>Where <paramref name="member"/> is first changed outside construction, or null when it never is.</summary>
    public Location? FirstMutation(ISymbol member) => _firstMutation.TryGetValue(member.OriginalDefinition, out var location) ? location : null;

    public IEnumerable<KeyValuePair<ISymbol, Location>> All => _firstMutation;

    private void Inspect(OperationAnalysisContext context)
    {
        var referenced = context.Operation switch
        {
            IFieldReferenceOperation field => (ISymbol)field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
        if (referenced is null || StateMembers.StateHolder(referenced) is not { } member || !_isTracked(member)) return;
        if (IsConstruction(context.Operation, context.ContainingSymbol, member)) return;
        if (!Mutations.IsMutated(context.Operation)) return;

        var location = context.Operation.Syntax.GetLocation();
        _firstMutation.AddOrUpdate(member, location, (_, existing) => Earlier(existing, location));
    }

    /// <summary>Keeps the first location in source order so the reported place does not depend on analysis order.</summary>
    internal static Location Earlier(Location a, Location b)
    {
        var byPath = string.CompareOrdinal(a.SourceTree?.FilePath, b.SourceTree?.FilePath);
        if (byPath != 0) return byPath < 0 ? a : b;
        return a.SourceSpan.Start <= b.SourceSpan.Start ? a : b;
    }

    /// <summary>True when the change happens while objects are built (see the class summary), in this type's code or another's.</summary>
    internal static bool IsConstruction(IOperation operation, ISymbol owner, ISymbol member)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation) return false;
        }
        return owner switch
        {
            IMethodSymbol { MethodKind: MethodKind.Constructor } when !member.IsStatic => true,
            IMethodSymbol { MethodKind: MethodKind.StaticConstructor } when member.IsStatic => true,
            IMethodSymbol { IsInitOnly: true } => !member.IsStatic,
            IMethodSymbol method when IsRestoreHookOf(method, member) => true,
            IFieldSymbol or IPropertySymbol => true,
            _ => false,
        };
    }

    /// <summary>A restore hook of the member's own type: it rebuilds derived state of a restored object, as a constructor builds it.</summary>
    private static bool IsRestoreHookOf(IMethodSymbol method, ISymbol member) =>
        !member.IsStatic && method is { IsStatic: false, Parameters.Length: 0 }
        && System.Array.IndexOf(RestoreHooks.All, method.Name) >= 0
        && SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, member.ContainingType.OriginalDefinition);
}
