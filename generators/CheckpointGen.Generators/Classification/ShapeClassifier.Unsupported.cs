using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Classification;

internal static partial class ShapeClassifier
{
    /// <summary>The reason a type can never be checkpointed (live resources, code, unmanaged memory), or null.</summary>
    private static string? Unsupported(ITypeSymbol type, KnownSymbols known)
    {
        string display = type.ToDisplayString();
        if (type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
            return $"the pointer type '{display}' points at memory a checkpoint cannot follow";
        if (type.IsRefLikeType)
            return $"the ref struct '{display}' lives on the stack and cannot be a saved member";
        if (type.TypeKind == TypeKind.Delegate || type.SpecialType is SpecialType.System_Delegate or SpecialType.System_MulticastDelegate)
            return $"the delegate '{display}' is code, not state: recreate it after a restore and [CheckpointIgnore] the member";
        if (type.SpecialType == SpecialType.System_Object || type.TypeKind == TypeKind.Dynamic)
            return $"'{display}' says nothing about what to restore: declare a specific type";
        if (type is not INamedTypeSymbol named) return null;

        var definition = named.OriginalDefinition;
        if (KnownSymbols.Is(definition, known.SystemRandom))
            return $"System.Random's state cannot be read or restored: use {KnownNames.CheckpointableRandom} (a drop-in replacement)";
        if (known.IsEnumerator(definition))
            return $"the enumerator '{display}' (an iterator's position) cannot be saved: save the collection and an index instead";
        if (known.IsPendingWork(definition))
            return $"the task '{display}' is work in progress, not state: wait for it before checkpointing and [CheckpointIgnore] the member";
        if (known.IsLiveResource(definition))
            return $"'{display}' is a live runtime resource: recreate it after a restore and [CheckpointIgnore] the member";
        if (known.IsStream(type))
            return $"the stream '{display}' is an open resource: reopen it after a restore and [CheckpointIgnore] the member";
        return null;
    }
}
