using CheckpointGen.Generators.Classification;
using static CheckpointGen.Generators.Emitting.CodeNames;

namespace CheckpointGen.Generators.Emitting;

/// <summary>
/// Emits the statements that write one value of a given shape with the CheckpointWriter. Nested
/// values (elements, keys, items) recurse with a deeper <c>depth</c>, which keeps local names unique.
/// </summary>
internal static partial class ValueWriter
{
    public static void Write(IndentedWriter w, ValueShape shape, string value, int depth)
    {
        switch (shape.Kind)
        {
            case ShapeKind.Scalar:
                w.Line($"writer.Write{shape.Primitive}({value});");
                break;
            case ShapeKind.Enum:
                w.Line($"writer.Write{shape.Primitive}(({PrimitiveNames.CSharpType(shape.Primitive)}){value});");
                break;
            case ShapeKind.Nullable:
                WriteNullable(w, shape, value, depth);
                break;
            case ShapeKind.CheckpointableClass:
            case ShapeKind.Polymorphic:
            case ShapeKind.Component:
                w.Line($"writer.WriteObject({value});");
                break;
            case ShapeKind.CheckpointableStruct:
                w.Line($"writer.WriteRecord({value});");
                break;
            case ShapeKind.Tensor:
            case ShapeKind.Parameter:
                w.Line($"writer.WriteTensor({value});");
                break;
            case ShapeKind.MemoryPack:
                w.Line($"writer.WriteMemoryPack<{NonNullable(shape)}>({value});");
                break;
            case ShapeKind.TypeParameter:
                w.Line($"{CodecOf(shape)}.Write(writer, {value});");
                break;
            case ShapeKind.Tuple:
            case ShapeKind.ValueTuple:
            case ShapeKind.KeyValuePair:
                WriteTuple(w, shape, value, depth);
                break;
            default:
                WriteCollection(w, shape, value, depth);
                break;
        }
    }

    private static void WriteNullable(IndentedWriter w, ValueShape shape, string value, int depth)
    {
        w.Open($"if ({value}.HasValue)");
        Write(w, shape.Element, $"{value}.GetValueOrDefault()", depth + 1);
        w.Close();
        w.Line("else writer.WriteNull();");
    }

    private static void WriteTuple(IndentedWriter w, ValueShape shape, string value, int depth)
    {
        string[] items = shape.Kind == ShapeKind.KeyValuePair ? new[] { ".Key", ".Value" } : ItemNames(shape.Arguments.Count);
        if (shape.IsReferenceType) OpenNonNull(w, value);
        w.Line($"writer.BeginTuple({shape.Arguments.Count});");
        for (int i = 0; i < items.Length; i++) Write(w, shape.Arguments[i], value + items[i], depth + 1);
        if (shape.IsReferenceType) w.Close();
    }

    private static string[] ItemNames(int count)
    {
        var names = new string[count];
        for (int i = 0; i < count; i++) names[i] = ".Item" + (i + 1);
        return names;
    }

    /// <summary>Writes null for a null reference and opens the block that writes the value otherwise.</summary>
    private static void OpenNonNull(IndentedWriter w, string value)
    {
        w.Line($"if ({value} is null) writer.WriteNull();");
        w.Open("else");
    }
}
