using CheckpointGen.Generators.Classification;
using static CheckpointGen.Generators.Emitting.CodeNames;

namespace CheckpointGen.Generators.Emitting;

internal static partial class ValueReader
{
    private static void ReadCollection(IndentedWriter w, ValueShape shape, string target, int depth)
    {
        if (ColumnsKind(shape.Element) is { } columns && ReadColumns(w, shape, columns, target, depth)) return;
        w.Line(shape.Kind == ShapeKind.ImmutableArray
            ? $"if (reader.TryReadNull()) {target} = default;"
            : $"if (reader.TryReadNull()) {target} = null!;");
        w.Open("else");
        switch (shape.Kind)
        {
            case ShapeKind.List when shape.Element.Kind == ShapeKind.TypeParameter:
                w.Line($"{target} = {CodecOf(shape.Element)}.ReadList(reader, {target});");
                break;
            case ShapeKind.Array when shape.Element.Kind == ShapeKind.TypeParameter:
                w.Line($"{target} = {CodecOf(shape.Element)}.ReadArray(reader, {target});");
                break;
            case ShapeKind.Array when shape.Element.IsBlockCopyable && shape.Element.Kind != ShapeKind.Enum:
                // Filled in place when the length matches; a large array is read straight from the file.
                w.Line($"{target} = reader.ReadPrimitiveArray<{BlockType(shape.Element)}>({target});");
                break;
            case ShapeKind.Array when shape.Element.IsBlockCopyable:
                ReadEnumArray(w, shape, target, depth);
                break;
            case ShapeKind.Array:
                ReadArray(w, shape, target, depth);
                break;
            case ShapeKind.MultiArray:
                ReadMultiArray(w, shape, target, depth);
                break;
            case ShapeKind.List when shape.Element.IsBlockCopyable:
                w.Line($"var span{depth} = {BlockSpan(shape.Element)};");
                w.Line($"var list{depth} = {target} ?? new {NonNullable(shape)}(span{depth}.Length);");
                w.Line($"{CollectionsMarshal}.SetCount(list{depth}, span{depth}.Length);");
                w.Line($"span{depth}.CopyTo({CollectionsMarshal}.AsSpan(list{depth}));");
                w.Line($"{target} = list{depth};");
                break;
            case ShapeKind.List:
                ReadList(w, shape, target, depth);
                break;
            case ShapeKind.ImmutableArray when shape.Element.IsBlockCopyable:
                w.Line($"{target} = {Immutable}.ImmutableArray.Create<{shape.Element.TypeName}>({BlockSpan(shape.Element)});");
                break;
            case ShapeKind.ImmutableArray:
                w.Line($"int count{depth} = reader.BeginSequence();");
                w.Line($"var builder{depth} = {Immutable}.ImmutableArray.CreateBuilder<{shape.Element.TypeName}>(count{depth});");
                ReadItems(w, shape.Element, depth, $"builder{depth}.Add");
                w.Line($"{target} = builder{depth}.MoveToImmutable();");
                break;
            case ShapeKind.ImmutableSequence:
                // Clear() keeps the existing set's comparer.
                BeginItems(w, shape.Element, depth);
                w.Line($"var builder{depth} = ({target} ?? {Immutable}.{shape.Variant}<{shape.Element.TypeName}>.Empty).Clear().ToBuilder();");
                ReadItems(w, shape.Element, depth, $"builder{depth}.Add");
                w.Line($"{target} = builder{depth}.ToImmutable();");
                break;
            case ShapeKind.ImmutableQueueOrStack:
                ReadIntoArray(w, shape.Element, depth);
                // A stack was written top first; CreateRange pushes in order, so the top must come last.
                if (shape.Variant == "ImmutableStack") w.Line($"global::System.Array.Reverse(items{depth});");
                w.Line($"{target} = {Immutable}.{shape.Variant}.CreateRange(items{depth});");
                break;
            case ShapeKind.Stack:
                ReadIntoArray(w, shape.Element, depth);
                w.Line($"var stack{depth} = {target} ?? new {NonNullable(shape)}(count{depth});");
                w.Line($"stack{depth}.Clear();");
                w.Line($"for (int i{depth} = count{depth} - 1; i{depth} >= 0; i{depth}--) stack{depth}.Push(items{depth}[i{depth}]);");
                w.Line($"{target} = stack{depth};");
                break;
            default:
                ReadAddable(w, shape, target, depth);
                break;
        }
        w.Close();
    }

    /// <summary>
    /// Lists, arrays and immutable arrays of structs or sealed classes with columns: null, columns, or
    /// (from older files) a sequence of records or of object references; the reader tells them apart
    /// and restores into the existing elements. False for other collections.
    /// </summary>
    private static bool ReadColumns(IndentedWriter w, ValueShape shape, string kind, string target, int depth)
    {
        string element = shape.Element.TypeName;
        switch (shape.Kind)
        {
            case ShapeKind.List:
                w.Line($"{target} = reader.Read{kind}List<{element}>({target}){Bang(shape)};");
                return true;
            case ShapeKind.Array:
                w.Line($"{target} = reader.Read{kind}Array<{element}>({target}){Bang(shape)};");
                return true;
            case ShapeKind.ImmutableArray:
                // A new array each time, so handing it to the ImmutableArray without a copy is safe.
                w.Open();
                w.Line($"var array{depth} = reader.Read{kind}Array<{element}>(null);");
                w.Line($"{target} = array{depth} is null ? default : global::System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(array{depth});");
                w.Close();
                return true;
        }
        return false;
    }

    /// <summary>Sets, linked lists and queues: cleared in place (keeping comparers and outside references) and refilled.</summary>
    private static void ReadAddable(IndentedWriter w, ValueShape shape, string target, int depth)
    {
        bool hasCapacity = shape.Kind == ShapeKind.Queue || shape.Variant == "HashSet";
        string add = shape.Kind switch { ShapeKind.Queue => "Enqueue", ShapeKind.LinkedList => "AddLast", _ => "Add" };
        BeginItems(w, shape.Element, depth);
        w.Line($"var collection{depth} = {target} ?? new {NonNullable(shape)}({(hasCapacity ? $"count{depth}" : "")});");
        w.Line($"collection{depth}.Clear();");
        ReadItems(w, shape.Element, depth, $"collection{depth}.{add}");
        w.Line($"{target} = collection{depth};");
    }

    /// <summary>A list restored in place: element i is read into the list's current element i (objects restored into existing instances).</summary>
    private static void ReadList(IndentedWriter w, ValueShape shape, string target, int depth)
    {
        string list = $"list{depth}", i = $"i{depth}", count = $"count{depth}", item = $"item{depth}";
        w.Line($"int {count} = reader.BeginSequence();");
        w.Line($"var {list} = {target} ?? new {NonNullable(shape)}({count});");
        w.Open($"for (int {i} = 0; {i} < {count}; {i}++)");
        w.Line($"{shape.Element.TypeName} {item} = {i} < {list}.Count ? {list}[{i}] : default!;");
        Read(w, shape.Element, item, depth + 1);
        w.Line($"if ({i} < {list}.Count) {list}[{i}] = {item};");
        w.Line($"else {list}.Add({item});");
        w.Close();
        w.Line($"if ({list}.Count > {count}) {list}.RemoveRange({count}, {list}.Count - {count});");
        w.Line($"{target} = {list};");
    }

    /// <summary>An array is reused when its length matches (references to it stay valid); its elements are read in place.</summary>
    private static void ReadArray(IndentedWriter w, ValueShape shape, string target, int depth)
    {
        string array = $"array{depth}", i = $"i{depth}", count = $"count{depth}";
        w.Line($"int {count} = reader.BeginSequence();");
        w.Line($"var {array} = {target};");
        w.Line($"if ({array} is null || {array}.Length != {count}) {array} = {NewArray(shape.Element, count)};");
        w.Open($"for (int {i} = 0; {i} < {count}; {i}++)");
        Read(w, shape.Element, $"{array}[{i}]", depth + 1);
        w.Close();
        w.Line($"{target} = {array};");
    }

    private static void ReadMultiArray(IndentedWriter w, ValueShape shape, string target, int depth)
    {
        string array = $"array{depth}", lengths = $"lengths{depth}";
        var dimensions = new string[shape.Rank];
        for (int d = 0; d < shape.Rank; d++) dimensions[d] = $"{lengths}[{d}]";
        w.Line($"var {lengths} = reader.BeginMultiArray({shape.Rank});");
        w.Line($"var {array} = new {shape.Element.TypeName}[{string.Join(", ", dimensions)}];");
        if (shape.Element.IsBlockCopyable)
        {
            string block = BlockType(shape.Element);
            w.Line($"var span{depth} = reader.ReadPrimitiveSpan<{block}>();");
            w.Line($"if (span{depth}.Length != {array}.Length) throw new {FormatException}($\"Checkpoint: a multi-dimensional array holds {{span{depth}.Length}} elements, its lengths need {{{array}.Length}}.\");");
            w.Line($"ref var first{depth} = ref {Unsafe}.As<byte, {block}>(ref {MemoryMarshal}.GetArrayDataReference((global::System.Array){array}));");
            w.Line($"span{depth}.CopyTo({MemoryMarshal}.CreateSpan(ref first{depth}, {array}.Length));");
        }
        else
        {
            w.Line($"int count{depth} = reader.BeginSequence();");
            w.Line($"if (count{depth} != {array}.Length) throw new {FormatException}($\"Checkpoint: a multi-dimensional array holds {{count{depth}}} elements, its lengths need {{{array}.Length}}.\");");
            var indices = new string[shape.Rank];
            for (int d = 0; d < shape.Rank; d++)
            {
                indices[d] = $"i{depth}_{d}";
                w.Open($"for (int {indices[d]} = 0; {indices[d]} < {lengths}[{d}]; {indices[d]}++)");
            }
            Read(w, shape.Element, $"{array}[{string.Join(", ", indices)}]", depth + 1);
            for (int d = 0; d < shape.Rank; d++) w.Close();
        }
        w.Line($"{target} = {array};");
    }

    /// <summary>
    /// Starts reading the elements of a set, queue, stack, linked list or immutable sequence:
    /// <c>count{depth}</c>, the number of elements, and for elements stored column by column also
    /// <c>items{depth}</c>, all of them in a new array (ReadRecordArray / ReadObjectArray also read
    /// the sequence of records or object references older files hold).
    /// </summary>
    private static void BeginItems(IndentedWriter w, ValueShape element, int depth)
    {
        if (ColumnsKind(element) is { } columns)
        {
            w.Line($"var items{depth} = reader.Read{columns}Array<{element.TypeName}>(null)!;");
            w.Line($"int count{depth} = items{depth}.Length;");
        }
        else
        {
            w.Line($"int count{depth} = reader.BeginSequence();");
        }
    }

    /// <summary>Reads a sequence's items into a new array <c>items{depth}</c> of <c>count{depth}</c> elements.</summary>
    private static void ReadIntoArray(IndentedWriter w, ValueShape element, int depth)
    {
        BeginItems(w, element, depth);
        if (ColumnsKind(element) is not null) return;
        w.Line($"var items{depth} = {NewArray(element, $"count{depth}")};");
        w.Open($"for (int i{depth} = 0; i{depth} < count{depth}; i{depth}++)");
        Read(w, element, $"items{depth}[i{depth}]", depth + 1);
        w.Close();
    }

    /// <summary>
    /// Reads <c>count{depth}</c> items (after <see cref="BeginItems"/>), each into a fresh local, passing
    /// each to <paramref name="add"/>; items read from columns are passed from <c>items{depth}</c>.
    /// </summary>
    private static void ReadItems(IndentedWriter w, ValueShape element, int depth, string add)
    {
        if (ColumnsKind(element) is not null)
        {
            w.Line($"for (int i{depth} = 0; i{depth} < count{depth}; i{depth}++) {add}(items{depth}[i{depth}]);");
            return;
        }
        w.Open($"for (int i{depth} = 0; i{depth} < count{depth}; i{depth}++)");
        w.Line($"{element.TypeName} item{depth} = default!;");
        Read(w, element, $"item{depth}", depth + 1);
        w.Line($"{add}(item{depth});");
        w.Close();
    }

    /// <summary>
    /// An enum array read as an array of its underlying type (a large one straight from its block),
    /// into the existing array when the length matches. A new array comes back as an array of the
    /// underlying type, which the CLR lets pass as an E[] but whose runtime type would still be the
    /// underlying type's (GetValue, Clone and reflection would see numbers): copied into a real E[].
    /// </summary>
    private static void ReadEnumArray(IndentedWriter w, ValueShape shape, string target, int depth)
    {
        string element = shape.Element.TypeName;
        w.Line($"var read{depth} = reader.ReadPrimitiveArray<{BlockType(shape.Element)}>({AsBlockArray(shape.Element, target)});");
        w.Line($"{target} = global::System.Object.ReferenceEquals(read{depth}, {target}) ? {target} : {MemoryMarshal}.Cast<{BlockType(shape.Element)}, {element}>(read{depth}).ToArray();");
    }

    /// <summary>The span of a block-copied array, reinterpreted as the enum type for enum elements.</summary>
    private static string BlockSpan(ValueShape element)
    {
        string read = $"reader.ReadPrimitiveSpan<{BlockType(element)}>()";
        return element.Kind == ShapeKind.Enum ? $"{MemoryMarshal}.Cast<{BlockType(element)}, {element.TypeName}>({read})" : read;
    }
}
