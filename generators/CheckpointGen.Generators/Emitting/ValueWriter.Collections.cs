using CheckpointGen.Generators.Classification;
using static CheckpointGen.Generators.Emitting.CodeNames;

namespace CheckpointGen.Generators.Emitting;

internal static partial class ValueWriter
{
    private static void WriteCollection(IndentedWriter w, ValueShape shape, string value, int depth)
    {
        if (shape.Kind == ShapeKind.ImmutableArray)
        {
            w.Line($"if ({value}.IsDefault) writer.WriteNull();");
            w.Open("else");
        }
        else
        {
            OpenNonNull(w, value);
        }

        switch (shape.Kind)
        {
            case ShapeKind.Array when ColumnsKind(shape.Element) is { } columns:
                w.Line($"writer.Write{columns}Columns<{shape.Element.TypeName}>({value});");
                break;
            case ShapeKind.List when ColumnsKind(shape.Element) is { } columns:
                w.Line($"writer.Write{columns}Columns<{shape.Element.TypeName}>({CollectionsMarshal}.AsSpan({value}){SpanOfNullables(shape.Element)});");
                break;
            case ShapeKind.ImmutableArray when ColumnsKind(shape.Element) is { } columns:
                w.Line($"writer.Write{columns}Columns<{shape.Element.TypeName}>({value}.AsSpan(){SpanOfNullables(shape.Element)});");
                break;
            case ShapeKind.Set or ShapeKind.LinkedList or ShapeKind.Queue or ShapeKind.Stack or ShapeKind.ImmutableSequence or ShapeKind.ImmutableQueueOrStack
                when ColumnsKind(shape.Element) is { } columns:
                // Columns are written from a span: a copy in enumeration order (dequeue order, a stack's top first).
                w.Line($"writer.Write{columns}Columns<{shape.Element.TypeName}>(global::System.Linq.Enumerable.ToArray({value}));");
                break;
            case ShapeKind.List when shape.Element.Kind == ShapeKind.TypeParameter:
                w.Line($"{CodecOf(shape.Element)}.WriteList(writer, {value});");
                break;
            case ShapeKind.Array when shape.Element.Kind == ShapeKind.TypeParameter:
                w.Line($"{CodecOf(shape.Element)}.WriteArray(writer, {value});");
                break;
            case ShapeKind.Array:
                // A primitive array goes by reference: a large one is written as a block straight from the
                // array. An enum array is an array of its underlying type to the CLR ((int[])(object)E[] is legal).
                if (shape.Element.IsBlockCopyable) w.Line($"writer.WritePrimitiveArray<{BlockType(shape.Element)}>({AsBlockArray(shape.Element, value)});");
                else WriteSequence(w, shape.Element, value, $"{value}.Length", depth);
                break;
            case ShapeKind.List:
                if (shape.Element.IsBlockCopyable) WriteBlock(w, shape.Element, $"{CollectionsMarshal}.AsSpan({value})");
                else WriteSequence(w, shape.Element, value, $"{value}.Count", depth);
                break;
            case ShapeKind.ImmutableArray:
                if (shape.Element.IsBlockCopyable) WriteBlock(w, shape.Element, $"{value}.AsSpan()");
                else WriteSequence(w, shape.Element, value, $"{value}.Length", depth);
                break;
            case ShapeKind.MultiArray:
                WriteMultiArray(w, shape, value, depth);
                break;
            case ShapeKind.ImmutableQueueOrStack:
                // These have no Count: take a snapshot in enumeration order (a stack's top first).
                w.Line($"var items{depth} = global::System.Linq.Enumerable.ToArray({value});");
                WriteSequence(w, shape.Element, $"items{depth}", $"items{depth}.Length", depth);
                break;
            case ShapeKind.Map when ColumnsKind(shape.Arguments[1]) is { } columns:
                WriteMapColumns(w, shape, value, columns, depth);
                break;
            case ShapeKind.Map:
            case ShapeKind.ImmutableMap:
                w.Line($"writer.BeginMap({value}.Count);");
                w.Open($"foreach (var entry{depth} in {value})");
                Write(w, shape.Arguments[0], $"entry{depth}.Key", depth + 1);
                Write(w, shape.Arguments[1], $"entry{depth}.Value", depth + 1);
                w.Close();
                break;
            default:
                // Sets, linked lists, queues (dequeue order), stacks (top first), immutable lists and sets.
                WriteSequence(w, shape.Element, value, $"{value}.Count", depth);
                break;
        }
        w.Close();
    }

    /// <summary>
    /// "!" after a span of non-null objects passed as WriteObjectColumns' span of nullable ones: a safe
    /// widening, but spans are invariant, so the compiler would warn (an array converts without it).
    /// </summary>
    private static string SpanOfNullables(ValueShape element) => element.IsColumnarObject || element.IsPolymorphicObject ? "!" : "";

    /// <summary>
    /// A dictionary whose values are stored as columns: its keys as one column (a block copy for primitive
    /// and enum keys), then its values as record or object columns (WriteMapColumns, format 1.4).
    /// </summary>
    private static void WriteMapColumns(IndentedWriter w, ValueShape shape, string value, string columns, int depth)
    {
        var key = shape.Arguments[0];
        var element = shape.Arguments[1];
        string keys = $"keys{depth}", values = $"values{depth}";
        w.Open($"writer.WriteMapColumns({value}, static (writer, {keys}) =>");
        if (key.IsBlockCopyable)
        {
            string block = BlockType(key);
            w.Line($"writer.WritePrimitiveArray<{block}>({(key.Kind == ShapeKind.Enum ? $"{MemoryMarshal}.Cast<{key.TypeName}, {block}>({keys})" : keys)});");
        }
        else
        {
            WriteSequence(w, key, keys, $"{keys}.Length", depth + 1);
        }
        w.Close($", static (writer, {values}) => writer.Write{columns}Columns<{element.TypeName}>({values}{SpanOfNullables(element)}));");
    }

    private static void WriteSequence(IndentedWriter w, ValueShape element, string value, string count, int depth)
    {
        w.Line($"writer.BeginSequence({count});");
        w.Open($"foreach (var item{depth} in {value})");
        Write(w, element, $"item{depth}", depth + 1);
        w.Close();
    }

    /// <summary>One block copy of primitive (or enum, as its underlying type) elements.</summary>
    private static void WriteBlock(IndentedWriter w, ValueShape element, string span)
    {
        string block = BlockType(element);
        string source = element.Kind == ShapeKind.Enum ? $"{MemoryMarshal}.Cast<{element.TypeName}, {block}>({span})" : span;
        w.Line($"writer.WritePrimitiveArray<{block}>({source});");
    }

    private static void WriteMultiArray(IndentedWriter w, ValueShape shape, string value, int depth)
    {
        var lengths = new string[shape.Rank];
        for (int i = 0; i < shape.Rank; i++) lengths[i] = $"{value}.GetLength({i})";
        w.Line($"writer.BeginMultiArray([{string.Join(", ", lengths)}]);");
        if (shape.Element.IsBlockCopyable)
        {
            // The elements of a multi-dimensional array lie contiguously in row-major order.
            string block = BlockType(shape.Element);
            w.Line($"ref var first{depth} = ref {Unsafe}.As<byte, {block}>(ref {MemoryMarshal}.GetArrayDataReference((global::System.Array){value}));");
            w.Line($"writer.WritePrimitiveArray<{block}>({MemoryMarshal}.CreateReadOnlySpan(ref first{depth}, {value}.Length));");
        }
        else
        {
            // foreach walks a multi-dimensional array in row-major order.
            WriteSequence(w, shape.Element, value, $"{value}.Length", depth);
        }
    }
}
