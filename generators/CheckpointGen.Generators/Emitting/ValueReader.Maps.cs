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
        if (shape.Kind == ShapeKind.Map && ColumnsKind(value) is { } columns) ReadMapColumns(w, shape, target, columns, depth);
        w.Open("else");
        w.Line($"int {count} = reader.BeginMap();");
        if (shape.Kind == ShapeKind.ImmutableMap)
        {
            w.Line($"var {map} = ({target} ?? {Immutable}.{shape.Variant}<{key.TypeName}, {value.TypeName}>.Empty).Clear().ToBuilder();");
            ReadEntries(w, key, value, depth, existingFrom: null, map);
            w.Line($"{target} = {map}.ToImmutable();");
            w.Close();
            return;
        }

        bool hasCapacity = shape.Variant != "SortedDictionary";
        w.Line($"var {map} = {target} ?? new {NonNullable(shape)}({(hasCapacity ? count : "")});");
        if (RestoresInPlace(value))
        {
            w.Line($"var entries{depth} = new global::System.Collections.Generic.KeyValuePair<{key.TypeName}, {value.TypeName}>[{count}];");
            ReadEntries(w, key, value, depth, existingFrom: map, into: $"entries{depth}");
            w.Line($"{map}.Clear();");
            w.Line($"for (int {i} = 0; {i} < {count}; {i}++) reader.AddMapEntry({map}, entries{depth}[{i}].Key, entries{depth}[{i}].Value, {i});");
        }
        else
        {
            w.Line($"{map}.Clear();");
            ReadEntries(w, key, value, depth, existingFrom: null, map);
        }
        w.Line($"{target} = {map};");
        w.Close();
    }

    /// <summary>
    /// A dictionary whose values are stored as columns (MapColumns, format 1.4): keys, then values read
    /// into the values the map held under the same keys. Files of earlier versions hold a Map, read below.
    /// </summary>
    private static void ReadMapColumns(IndentedWriter w, ValueShape shape, string target, string columns, int depth)
    {
        var key = shape.Arguments[0];
        var value = shape.Arguments[1];
        string map = $"map{depth}", keys = $"keys{depth}", values = $"values{depth}", i = $"i{depth}";
        w.Open($"else if (reader.PeekTag() == {ValueTag}.MapColumns)");
        w.Line($"var {map} = {target} ?? new {NonNullable(shape)}();");
        w.Open($"reader.ReadMapColumns({map}, static (reader, {keys}) =>");
        if (key.IsBlockCopyable)
        {
            string block = BlockType(key);
            w.Line($"reader.ReadPrimitiveColumn<{block}>({keys}.Length).CopyTo({(key.Kind == ShapeKind.Enum ? $"{MemoryMarshal}.Cast<{key.TypeName}, {block}>({keys})" : keys)});");
        }
        else
        {
            w.Line($"reader.BeginColumn({keys}.Length);");
            w.Open($"for (int {i} = 0; {i} < {keys}.Length; {i}++)");
            w.Line($"{key.TypeName} key{depth} = default!;");
            Read(w, key, $"key{depth}", depth + 1);
            w.Line($"{keys}[{i}] = key{depth};");
            w.Close();
        }
        w.Close($", static (reader, {values}) => reader.Read{columns}Columns<{value.TypeName}>({values}));");
        w.Line($"{target} = {map};");
        w.Close();
    }

    /// <summary>
    /// Reads count{depth} entries, each added to <paramref name="map"/> or, when values restore in place, stored
    /// in the array <paramref name="into"/> (the map is still read for the values it holds). Null and repeated
    /// keys are format errors, not exceptions from the dictionary.
    /// </summary>
    private static void ReadEntries(IndentedWriter w, ValueShape key, ValueShape value, int depth, string? existingFrom, string? map = null, string? into = null)
    {
        string i = $"i{depth}", k = $"key{depth}", v = $"value{depth}";
        w.Open($"for (int {i} = 0; {i} < count{depth}; {i}++)");
        w.Line($"{key.TypeName} {k} = default!;");
        Read(w, key, k, depth + 1);
        w.Line($"reader.CheckMapKey({k}, {i});");
        w.Line(existingFrom is null
            ? $"{value.TypeName} {v} = default!;"
            : $"{value.TypeName} {v} = {existingFrom}.TryGetValue({k}, out var existing{depth}) ? existing{depth} : default!;");
        Read(w, value, v, depth + 1);
        w.Line(into is null
            ? $"reader.AddMapEntry({map}, {k}, {v}, {i});"
            : $"{into}[{i}] = new global::System.Collections.Generic.KeyValuePair<{key.TypeName}, {value.TypeName}>({k}, {v});");
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
