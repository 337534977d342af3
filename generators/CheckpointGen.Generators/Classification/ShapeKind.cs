namespace CheckpointGen.Generators.Classification;

/// <summary>How a value of some type is written and read; each kind maps to one set of writer/reader calls.</summary>
internal enum ShapeKind
{
    /// <summary>bool, integers, floats, decimal, char, string, DateTime, DateTimeOffset, TimeSpan, Guid: one WriteX/ReadX call.</summary>
    Scalar,
    /// <summary>An enum, written as its underlying integer.</summary>
    Enum,
    /// <summary>Nullable&lt;T&gt;: null or the value.</summary>
    Nullable,
    /// <summary>A single-dimensional array (block copy when the element is a primitive or enum).</summary>
    Array,
    /// <summary>A multi-dimensional array: lengths, then all elements in row-major order.</summary>
    MultiArray,
    /// <summary>List&lt;T&gt; (block copy of primitives through CollectionsMarshal).</summary>
    List,
    /// <summary>HashSet&lt;T&gt;, SortedSet&lt;T&gt;: a sequence restored with Add.</summary>
    Set,
    /// <summary>LinkedList&lt;T&gt;: a sequence restored with AddLast.</summary>
    LinkedList,
    /// <summary>Queue&lt;T&gt;: a sequence in dequeue order.</summary>
    Queue,
    /// <summary>Stack&lt;T&gt;: a sequence from top to bottom.</summary>
    Stack,
    /// <summary>Dictionary, SortedDictionary, SortedList: a map.</summary>
    Map,
    /// <summary>ImmutableArray&lt;T&gt; (default is written as null).</summary>
    ImmutableArray,
    /// <summary>ImmutableList&lt;T&gt;, ImmutableHashSet&lt;T&gt;, ImmutableSortedSet&lt;T&gt;: a sequence rebuilt with a builder.</summary>
    ImmutableSequence,
    /// <summary>ImmutableQueue&lt;T&gt;, ImmutableStack&lt;T&gt;: a sequence rebuilt with CreateRange.</summary>
    ImmutableQueueOrStack,
    /// <summary>ImmutableDictionary, ImmutableSortedDictionary: a map rebuilt with a builder.</summary>
    ImmutableMap,
    /// <summary>System.Tuple&lt;…&gt; (a class: null allowed).</summary>
    Tuple,
    /// <summary>ValueTuple&lt;…&gt; (named or not).</summary>
    ValueTuple,
    /// <summary>KeyValuePair&lt;TKey, TValue&gt;, written as a 2-tuple.</summary>
    KeyValuePair,
    /// <summary>A [MemoryPackable] type, encoded by MemoryPack.</summary>
    MemoryPack,
    /// <summary>A [Checkpointable] class: its own component (shared references and cycles preserved).</summary>
    CheckpointableClass,
    /// <summary>A [Checkpointable] struct: an inline record.</summary>
    CheckpointableStruct,
    /// <summary>An interface or base class whose runtime object is checkpointable: restored into the existing instance.</summary>
    Polymorphic,
    /// <summary>A TorchSharp module, optimizer, LR scheduler or generator, or a CheckpointableRandom: restored into the existing instance.</summary>
    Component,
    /// <summary>A TorchSharp tensor (restored in place when dtype, shape and device match).</summary>
    Tensor,
    /// <summary>A TorchSharp Parameter (a tensor that must stay a Parameter).</summary>
    Parameter,
    /// <summary>A value of a type parameter of a generic [Checkpointable] type: written through the runtime's codec for the closed type (ValueCodecs.For&lt;T&gt;()).</summary>
    TypeParameter,
}
