using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CheckpointGen.Analyzers.State;

/// <summary>
/// Decides whether a reference to a member changes the state it holds:
/// <list type="bullet">
/// <item>it is written: the target of an assignment, compound or null-coalescing assignment,
/// deconstruction, <c>++</c>/<c>--</c>, or passed by <c>ref</c>/<c>out</c>;</item>
/// <item>or what it refers to is changed through it: an element, indexer or member of it is written,
/// or a mutating method is called on it (see <see cref="MutatingCalls"/>).</item>
/// </list>
/// Writes through an object or <c>with</c> initializer build a new object and are not mutations.
/// </summary>
internal static class Mutations
{
    public static bool IsMutated(IOperation reference)
    {
        if (IsInitializerOfNewObject(reference)) return false;
        return IsWritten(reference) || IsChangedThrough(reference);
    }

    private static bool IsWritten(IOperation operation)
    {
        var parent = operation.Parent;
        switch (parent)
        {
            case IAssignmentOperation assignment when assignment.Target == operation:
            case IIncrementOrDecrementOperation increment when increment.Target == operation:
                return true;
            case IArgumentOperation argument:
                return argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out;
            case ITupleOperation tuple:
                return IsDeconstructionTarget(tuple);
            case IDeclarationExpressionOperation:
                return false;
            case IConversionOperation conversion when conversion.IsImplicit:
                return IsWritten(conversion);
            default:
                return false;
        }
    }

    private static bool IsDeconstructionTarget(ITupleOperation tuple)
    {
        IOperation current = tuple;
        while (current.Parent is ITupleOperation outer) current = outer;
        return current.Parent is IDeconstructionAssignmentOperation deconstruction && deconstruction.Target == current;
    }

    /// <summary>True when an element or member of the referenced object is written or a mutating method is called on it.</summary>
    private static bool IsChangedThrough(IOperation operation)
    {
        var parent = operation.Parent;
        while (parent is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion;
            parent = conversion.Parent;
        }
        switch (parent)
        {
            case IArrayElementReferenceOperation element when element.ArrayReference == operation:
                return IsWritten(element) || IsChangedThrough(element);
            case IPropertyReferenceOperation property when property.Instance == operation:
                return IsWritten(property) || IsChangedThrough(property);
            case IFieldReferenceOperation field when field.Instance == operation:
                return IsWritten(field) || IsChangedThrough(field);
            case IInvocationOperation invocation when invocation.Instance == operation:
                return MutatingCalls.Mutates(invocation.TargetMethod, operation.Type);
            case IArgumentOperation argument when argument.Parent is IInvocationOperation call && argument.Parameter is { } parameter:
                return parameter.RefKind is RefKind.Ref or RefKind.Out
                    || MutatingCalls.MutatesArgument(call.TargetMethod, parameter, operation.Type);
            default:
                return false;
        }
    }

    /// <summary><c>new T { Member = … }</c> and <c>x with { Member = … }</c> write to the object being built.</summary>
    private static bool IsInitializerOfNewObject(IOperation reference)
    {
        var instance = reference switch
        {
            IFieldReferenceOperation field => field.Instance,
            IPropertyReferenceOperation property => property.Instance,
            _ => null,
        };
        return instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver };
    }
}
