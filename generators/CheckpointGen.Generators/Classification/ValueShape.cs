namespace CheckpointGen.Generators.Classification;

/// <summary>
/// The shape of one type as the checkpoint sees it: its kind and, for containers, the shapes of its
/// type arguments. A tree of plain values (no symbols), so it can sit in incremental models.
/// </summary>
/// <param name="Kind">How the value is written and read.</param>
/// <param name="TypeName">The type as C# source, fully qualified with <c>global::</c>, nullable annotations kept.</param>
/// <param name="Arguments">Element shapes: array/collection element; map key then value; tuple items; Nullable's underlying type; the type arguments of a generic [Checkpointable] type (its containing types' first).</param>
/// <param name="Primitive">For <see cref="ShapeKind.Scalar"/> and <see cref="ShapeKind.Enum"/>: the writer/reader method suffix (Int32, String, Guid…).</param>
/// <param name="Rank">For <see cref="ShapeKind.MultiArray"/>: the number of dimensions.</param>
/// <param name="IsReferenceType">True when a value of this type can be null.</param>
/// <param name="HasFactory">For <see cref="ShapeKind.CheckpointableClass"/>: the type implements ICheckpointableFactory (it can be created when the member is null).</param>
/// <param name="IsTorchState">True for modules, optimizers, schedulers, generators and tensors, which are restored after the owner's plain members.</param>
/// <param name="Variant">Which type of a multi-type kind (e.g. "SortedSet" for Set, "ImmutableStack" for ImmutableQueueOrStack); empty otherwise.</param>
/// <param name="HasColumns">For <see cref="ShapeKind.CheckpointableStruct"/>: the struct implements ICheckpointableRecord; for <see cref="ShapeKind.CheckpointableClass"/>: the class implements ICheckpointableRows (lists, arrays and dictionary values of it are stored as columns).</param>
internal sealed record ValueShape(
    ShapeKind Kind,
    string TypeName,
    EquatableArray<ValueShape> Arguments,
    string Primitive = "",
    int Rank = 0,
    bool IsReferenceType = false,
    bool HasFactory = false,
    bool IsTorchState = false,
    string Variant = "",
    bool HasColumns = false)
{
    /// <summary>True for a [Checkpointable] struct whose lists and arrays are written column by column.</summary>
    public bool IsColumnarRecord => Kind == ShapeKind.CheckpointableStruct && HasColumns;

    /// <summary>
    /// True for a [Checkpointable] class whose lists and arrays are written as object columns. Not when
    /// the element is annotated nullable (<c>List&lt;T?&gt;</c>): the runtime's <c>T : class</c> constraint
    /// and the list's nested nullability would not match without warnings, so such collections stay
    /// sequences of objects.
    /// </summary>
    public bool IsColumnarObject => Kind == ShapeKind.CheckpointableClass && HasColumns && !IsNullableAnnotated;

    /// <summary>
    /// True for an object declared with an interface, an abstract or a non-[Checkpointable] base class,
    /// or a [Checkpointable] class that cannot be created: its lists and arrays are written as object
    /// columns of their elements' class where the elements allow it, restored into the existing elements.
    /// </summary>
    public bool IsPolymorphicObject =>
        (Kind == ShapeKind.Polymorphic || (Kind == ShapeKind.CheckpointableClass && !HasFactory)) && !IsNullableAnnotated;

    private bool IsNullableAnnotated => TypeName.EndsWith("?", System.StringComparison.Ordinal);

    /// <summary>The first type argument (element, key or underlying type).</summary>
    public ValueShape Element => Arguments[0];

    /// <summary>True when the value is written as one block copy (primitive or enum elements).</summary>
    public bool IsBlockCopyable => (Kind == ShapeKind.Scalar && PrimitiveNames.IsUnmanaged(Primitive)) || Kind == ShapeKind.Enum;

    /// <summary>True when this value, or anything inside it, is TorchSharp state.</summary>
    public bool ContainsTorchState
    {
        get
        {
            if (IsTorchState) return true;
            foreach (var argument in Arguments)
                if (argument.ContainsTorchState) return true;
            return false;
        }
    }
}
