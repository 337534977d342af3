using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CheckpointGen.Analyzers.State;

/// <summary>
/// Collects, over the whole compilation, changes to state made by the code of another type than the
/// one the state belongs to: <c>plugin.Count++</c> in a strategy, <c>Model.Cache.Add(x)</c> in a
/// helper. A type's own code is seen by its symbol-start analysis (<see cref="MutationTracker"/>),
/// live in the IDE; another type's code may be analysed before or after it, so these changes are
/// known only once the whole compilation has been seen and are reported at its end, for state that
/// the type's own analysis did not report already. Construction means the same as for
/// <see cref="MutationTracker"/>: a strategy's constructor configuring its plugins builds the run.
/// </summary>
internal sealed class ForeignMutations
{
    /// <summary>What a change is reported on (a type, a member), or null when it is not tracked.</summary>
    /// <param name="member">The state member changed.</param>
    /// <param name="receiver">The static type of the object it is changed through (null for a static member).</param>
    /// <param name="code">The type whose code changes it.</param>
    public delegate ISymbol? Subject(ISymbol member, ITypeSymbol? receiver, INamedTypeSymbol code);

    private readonly Subject _subjectOf;
    private readonly ConcurrentDictionary<ISymbol, (ISymbol Member, Location Location)> _first = new(SymbolEqualityComparer.Default);

    private ForeignMutations(Subject subjectOf) => _subjectOf = subjectOf;

    public static ForeignMutations Start(CompilationStartAnalysisContext context, Subject subjectOf)
    {
        var mutations = new ForeignMutations(subjectOf);
        context.RegisterOperationAction(mutations.Inspect, OperationKind.FieldReference, OperationKind.PropertyReference);
        return mutations;
    }

    /// <summary>Each subject with the first member changed from another type and where, in source order.</summary>
    public IEnumerable<KeyValuePair<ISymbol, (ISymbol Member, Location Location)>> All => _first;

    private void Inspect(OperationAnalysisContext context)
    {
        var (referenced, instance) = context.Operation switch
        {
            IFieldReferenceOperation field => ((ISymbol)field.Field, field.Instance),
            IPropertyReferenceOperation property => (property.Property, property.Instance),
            _ => (null!, null),
        };
        if (referenced is null || StateMembers.StateHolder(referenced) is not { } member) return;
        if (context.ContainingSymbol.ContainingType is not { } code) return;
        if (_subjectOf(member, instance?.Type, code.OriginalDefinition) is not { } subject) return;
        if (MutationTracker.IsConstruction(context.Operation, context.ContainingSymbol, member)) return;
        if (!Mutations.IsMutated(context.Operation)) return;

        var location = context.Operation.Syntax.GetLocation();
        _first.AddOrUpdate(subject, (member, location),
            (_, existing) => MutationTracker.Earlier(existing.Location, location) == location ? (member, location) : existing);
    }
}
