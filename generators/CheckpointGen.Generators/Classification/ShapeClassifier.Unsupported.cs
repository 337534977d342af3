using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Classification;

internal static partial class ShapeClassifier
{
    /// <summary>The reason a type can never be checkpointed (live resources, code, unmanaged memory), or null.</summary>
    private static string? Unsupported(ITypeSymbol type)
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
        if (type is not INamedTypeSymbol) return null;

        string name = KnownTypes.NameOf(type);
        switch (name)
        {
            case "System.Random":
                return "System.Random's state cannot be read or restored: use CheckpointGen.Randomness.CheckpointableRandom (a drop-in replacement)";
            case "System.Collections.IEnumerator":
            case "System.Collections.Generic.IEnumerator":
            case "System.Collections.Generic.IAsyncEnumerator":
                return $"the enumerator '{display}' (an iterator's position) cannot be saved: save the collection and an index instead";
            case "System.Threading.Tasks.Task":
            case "System.Threading.Tasks.ValueTask":
                return $"the task '{display}' is work in progress, not state: wait for it before checkpointing and [CheckpointIgnore] the member";
            case "System.Threading.Thread":
            case "System.Threading.CancellationTokenSource":
            case "System.Threading.CancellationToken":
                return $"'{display}' is a live runtime resource: recreate it after a restore and [CheckpointIgnore] the member";
        }
        if (KnownTypes.DerivesFrom(type, "System.IO.Stream") || KnownTypes.DerivesFrom(type, "System.IO.TextReader") || KnownTypes.DerivesFrom(type, "System.IO.TextWriter"))
            return $"the stream '{display}' is an open resource: reopen it after a restore and [CheckpointIgnore] the member";
        if (KnownTypes.DerivesFrom(type, "System.Threading.Tasks.Task"))
            return $"the task '{display}' is work in progress, not state: [CheckpointIgnore] the member";
        return null;
    }
}
