using CheckpointGen.Generators.Classification;
using static CheckpointGen.Generators.Emitting.CodeNames;

namespace CheckpointGen.Generators.Emitting;

internal static partial class ValueReader
{
    /// <summary>
    /// Dictionaries are cleared in place (keeping their comparer and outside references). When values
    /// are objects or tensors, each is restored into the value the map held under the same key.
    /// </summary>
    private static void ReadMap(IndentedWriter w, ValueShape shape, string target, int depth)
    {
        var key = shape.Arguments[0];
        var value = shape.Arguments[1];
        string map = $"map{depth}", count = $"count{depth}", i = $"i{depth}";
        w.Line($"if (reader.TryReadNull()) {target} = null!;");
        w.Open("else");
        w.Line($"int {count} = reader.BeginMap();");
        if (shape.Kind == ShapeKind.ImmutableMap)
        {
            w.Line($"var {map} = ({target} ?? {Immutable}.{shape.Variant}<{key.TypeName}, {value.TypeName}>.Empty).Clear().ToBuilder();");
            ReadEntries(w, key, value, depth, existingFrom: null, add: $"{map}.Add");
            w.Line($"{target} = {map}.ToImmutable();");
            w.Close();
            return;
        }

        bool hasCapacity = shape.Variant != "SortedDictionary";
        w.Line($"var {map} = {target} ?? new {NonNullable(shape)}({(hasCapacity ? count : "")});");
        if (RestoresInPlace(value))
        {
            w.Line($"var entries{depth} = new global::System.Collections.Generic.KeyValuePair<{key.TypeName}, {value.TypeName}>[{count}];");
            ReadEntries(w, key, value, depth, existingFrom: map, add: $"entries{depth}[{i}] = new global::System.Collections.Generic.KeyValuePair<{key.TypeName}, {value.TypeName}>");
            w.Line($"{map}.Clear();");
            w.Line($"foreach (var entry{depth} in entries{depth}) {map}.Add(entry{depth}.Key, entry{depth}.Value);");
        }
        else
        {
            w.Line($"{map}.Clear();");
            ReadEntries(w, key, value, depth, existingFrom: null, add: $"{map}.Add");
        }
        w.Line($"{target} = {map};");
        w.Close();
    }

    private static void ReadEntries(IndentedWriter w, ValueShape key, ValueShape value, int depth, string? existingFrom, string add)
    {
        string i = $"i{depth}", k = $"key{depth}", v = $"value{depth}";
        w.Open($"for (int {i} = 0; {i} < count{depth}; {i}++)");
        w.Line($"{key.TypeName} {k} = default!;");
        Read(w, key, k, depth + 1);
        w.Line(existingFrom is null
            ? $"{value.TypeName} {v} = default!;"
            : $"{value.TypeName} {v} = {existingFrom}.TryGetValue({k}, out var existing{depth}) ? existing{depth} : default!;");
        Read(w, value, v, depth + 1);
        w.Line($"{add}({k}, {v});");
        w.Close();
    }

    /// <summary>True when reading a value benefits from the existing one (objects, records, tensors, and containers of them).</summary>
    private static bool RestoresInPlace(ValueShape shape)
    {
        switch (shape.Kind)
        {
            case ShapeKind.CheckpointableClass:
            case ShapeKind.CheckpointableStruct:
            case ShapeKind.Polymorphic:
            case ShapeKind.Component:
            case ShapeKind.Tensor:
            case ShapeKind.Parameter:
            case ShapeKind.TypeParameter:
                return true;
        }
        foreach (var argument in shape.Arguments)
            if (RestoresInPlace(argument)) return true;
        return false;
    }
}
