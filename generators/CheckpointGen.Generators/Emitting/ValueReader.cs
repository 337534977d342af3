using CheckpointGen.Generators.Classification;
using static CheckpointGen.Generators.Emitting.CodeNames;

namespace CheckpointGen.Generators.Emitting;

/// <summary>
/// Emits the statements that read one value of a given shape and assign it to <c>target</c> (an
/// assignable expression whose current value is the existing one: objects, tensors, collections and
/// same-length arrays are restored into it in place). Every composite read opens its own block, and
/// locals carry the nesting depth, so names never collide.
/// </summary>
internal static partial class ValueReader
{
    public static void Read(IndentedWriter w, ValueShape shape, string target, int depth)
    {
        switch (shape.Kind)
        {
            case ShapeKind.Scalar:
                w.Line($"{target} = reader.Read{shape.Primitive}(){Bang(shape)};");
                break;
            case ShapeKind.Enum:
                w.Line($"{target} = ({shape.TypeName})reader.Read{shape.Primitive}();");
                break;
            case ShapeKind.Nullable:
                ReadNullable(w, shape, target, depth);
                break;
            case ShapeKind.CheckpointableClass when shape.HasFactory:
                w.Line($"{target} = reader.ReadOrCreateObject<{NonNullable(shape)}>({target})!;");
                break;
            case ShapeKind.CheckpointableClass:
            case ShapeKind.Polymorphic:
                w.Line($"{target} = reader.ReadObject<{NonNullable(shape)}>({target})!;");
                break;
            case ShapeKind.Component when shape.Variant == "CheckpointableRandom":
                w.Line($"{target} = reader.ReadObject<{NonNullable(shape)}>({target}, static () => new {CheckpointableRandom}())!;");
                break;
            case ShapeKind.Component:
                w.Line($"{target} = reader.ReadObject<{NonNullable(shape)}>({target})!;");
                break;
            case ShapeKind.CheckpointableStruct:
                w.Line($"{target} = reader.ReadRecord<{shape.TypeName}>({target});");
                break;
            case ShapeKind.Tensor:
                w.Line($"{target} = reader.ReadTensor({target})!;");
                break;
            case ShapeKind.Parameter:
                ReadParameter(w, target, depth);
                break;
            case ShapeKind.MemoryPack:
                w.Line($"{target} = reader.ReadMemoryPack<{NonNullable(shape)}>(){Bang(shape)};");
                break;
            case ShapeKind.TypeParameter:
                w.Line($"{target} = {CodecOf(shape)}.Read(reader, {target});");
                break;
            case ShapeKind.Tuple:
            case ShapeKind.ValueTuple:
            case ShapeKind.KeyValuePair:
                ReadTuple(w, shape, target, depth);
                break;
            case ShapeKind.Map:
            case ShapeKind.ImmutableMap:
                ReadMap(w, shape, target, depth);
                break;
            default:
                ReadCollection(w, shape, target, depth);
                break;
        }
    }

    private static void ReadNullable(IndentedWriter w, ValueShape shape, string target, int depth)
    {
        w.Line($"if (reader.TryReadNull()) {target} = null;");
        w.Open("else");
        string inner = $"value{depth}";
        w.Line($"{shape.Element.TypeName} {inner} = {target}.GetValueOrDefault();");
        Read(w, shape.Element, inner, depth + 1);
        w.Line($"{target} = {inner};");
        w.Close();
    }

    /// <summary>A Parameter restored in place stays the same Parameter; a new tensor (other shape or device) becomes a new Parameter.</summary>
    private static void ReadParameter(IndentedWriter w, string target, int depth)
    {
        w.Open();
        w.Line($"var tensor{depth} = reader.ReadTensor({target});");
        w.Line($"{target} = tensor{depth} is null ? null! : tensor{depth} as {Parameter} ?? new {Parameter}(tensor{depth});");
        w.Close();
    }

    private static void ReadTuple(IndentedWriter w, ValueShape shape, string target, int depth)
    {
        if (shape.IsReferenceType)
        {
            w.Line($"if (reader.TryReadNull()) {target} = null!;");
            w.Open("else");
        }
        else
        {
            w.Open();
        }
        int arity = shape.Arguments.Count;
        w.Line($"reader.BeginTuple({arity});");
        var items = new string[arity];
        for (int i = 0; i < arity; i++)
        {
            var item = shape.Arguments[i];
            items[i] = $"item{depth}_{i + 1}";
            // A value tuple's current items are the existing values (a struct item keeps members the file lacks).
            string existing = shape.Kind == ShapeKind.ValueTuple ? $"{target}.Item{i + 1}" : "default!";
            w.Line($"{item.TypeName} {items[i]} = {existing};");
            Read(w, item, items[i], depth + 1);
        }
        string arguments = string.Join(", ", items);
        string created = shape.Kind != ShapeKind.ValueTuple ? $"new {NonNullable(shape)}({arguments})"
            : arity > 1 ? $"({arguments})"
            : $"new global::System.ValueTuple<{shape.Arguments[0].TypeName}>({arguments})";
        w.Line($"{target} = {created};");
        w.Close();
    }
}
