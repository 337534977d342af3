using System.Linq;
using CheckpointGen.Generators.Classification;
using CheckpointGen.Generators.Model;
using static CheckpointGen.Generators.Emitting.CodeNames;

namespace CheckpointGen.Generators.Emitting;

/// <summary>
/// Emits the static WriteColumns / ReadColumns of a type whose lists and arrays are stored column by
/// column, each member's key once and then that member's values of all elements (one block copy into
/// the manifest for primitive and enum members, a sequence otherwise): ICheckpointableRecord for a
/// struct, ICheckpointableRows for a sealed class. They live in the type itself because only its own
/// code can reach its private and readonly members.
/// </summary>
internal static class ColumnsEmitter
{
    private const string Row = "row";

    public static void Emit(IndentedWriter w, CheckpointableTypeModel model)
    {
        var rows = ColumnRows.Of(model);
        w.Line();
        w.Line("/// <inheritdoc/>");
        TypeMembersEmitter.Attributes(w);
        w.Open($"static void {rows.Interface}<{model.FullyQualifiedName}>.WriteColumns({Writer} writer, {rows.WriteParameter})");
        foreach (var member in model.Members) EmitWriteColumn(w, rows, member);
        w.Close();
        w.Line();
        w.Line("/// <inheritdoc/>");
        TypeMembersEmitter.Attributes(w);
        w.Open($"static void {rows.Interface}<{model.FullyQualifiedName}>.ReadColumns({Reader} reader, {rows.ReadParameter})");
        // The same order as ReadCheckpointMembers: plain members, structure hook, TorchSharp state, restored hook.
        foreach (var member in model.Members.Where(m => !m.Shape.ContainsTorchState)) EmitReadColumn(w, rows, member);
        if (model.HasStructureHook) EachReadRow(w, rows, $"{rows.ReadElement}.{CheckpointableTypeFacts.StructureRestoredHook}();");
        foreach (var member in model.Members.Where(m => m.Shape.ContainsTorchState)) EmitReadColumn(w, rows, member);
        if (model.HasRestoredHook) EachReadRow(w, rows, $"{rows.ReadElement}.{CheckpointableTypeFacts.RestoredHook}();");
        w.Close();
    }

    private static void EmitWriteColumn(IndentedWriter w, ColumnRows rows, ClassifiedMember member)
    {
        var shape = member.Shape;
        string value = $"{rows.WriteElement}.{Identifier(member.Name)}";
        w.Open();
        w.Line($"writer.BeginMember({Literal(member.Key)});");
        if (shape.IsBlockCopyable)
        {
            string block = BlockType(shape);
            w.Line($"var column = writer.BeginPrimitiveColumn<{block}>({rows.Span}.Length);");
            w.Line($"{rows.Loop} column[{Row}] = {(shape.Kind == ShapeKind.Enum ? $"({block})" : "")}{value};");
        }
        else
        {
            w.Line($"writer.BeginSequence({rows.Span}.Length);");
            w.Open(rows.Loop);
            ValueWriter.Write(w, shape, value, depth: 0);
            w.Close();
        }
        w.Line("writer.EndMember();");
        w.Close();
    }

    /// <summary>
    /// A column the file lacks leaves the elements as they are (TryBeginMember reports it once). A
    /// null row (an object restored elsewhere, or not being read now) takes nothing from a primitive
    /// column and skips its value in a sequence column.
    /// </summary>
    private static void EmitReadColumn(IndentedWriter w, ColumnRows rows, ClassifiedMember member)
    {
        var shape = member.Shape;
        w.Open($"if (reader.TryBeginMember({Literal(member.Key)}))");
        if (shape.IsBlockCopyable)
        {
            w.Line($"var column = reader.ReadPrimitiveColumn<{BlockType(shape)}>({rows.Span}.Length);");
            string cast = shape.Kind == ShapeKind.Enum ? $"({shape.TypeName})" : "";
            EachReadRow(w, rows, $"{MemberEmitter.Target(member, rows.ReadElement, rows.ReadElementRef)} = {cast}column[{Row}];");
        }
        else
        {
            w.Line($"reader.BeginColumn({rows.Span}.Length);");
            w.Open(rows.Loop);
            if (rows.MayBeNull) w.Line($"if ({rows.WriteElement} is not {{ }} {rows.ReadElement}) {{ reader.SkipValue(); continue; }}");
            string target = MemberEmitter.OpenTarget(w, member, rows.ReadElement, rows.ReadElementRef);
            ValueReader.Read(w, shape, target, depth: 0);
            w.Close();
        }
        w.Line("reader.EndMember();");
        w.Close();
    }

    /// <summary>One statement for every row being restored (rows that may be null: the non-null ones).</summary>
    private static void EachReadRow(IndentedWriter w, ColumnRows rows, string statement) =>
        w.Line(rows.MayBeNull
            ? $"{rows.Loop} if ({rows.WriteElement} is {{ }} {rows.ReadElement}) {statement}"
            : $"{rows.Loop} {statement}");

    /// <summary>How the rows of one kind of type are passed and named in the generated code.</summary>
    /// <param name="Interface">The interface whose static members are emitted.</param>
    /// <param name="Span">The parameter holding the rows.</param>
    /// <param name="WriteParameter">WriteColumns' rows parameter.</param>
    /// <param name="ReadParameter">ReadColumns' rows parameter.</param>
    /// <param name="ReadElement">The row being restored: an element of the span (struct) or a non-null local (class).</param>
    /// <param name="ReadElementRef">That row as the owner argument of a backing-field accessor.</param>
    /// <param name="MayBeNull">ReadColumns' rows can be null and must be skipped.</param>
    private sealed record ColumnRows(string Interface, string Span, string WriteParameter, string ReadParameter, string ReadElement, string ReadElementRef, bool MayBeNull)
    {
        public string WriteElement => $"{Span}[{Row}]";

        public string Loop => $"for (int {Row} = 0; {Row} < {Span}.Length; {Row}++)";

        public static ColumnRows Of(CheckpointableTypeModel model)
        {
            string self = model.FullyQualifiedName;
            // A struct's rows are restored in place through the span's references.
            if (model.IsValueType)
                return new(ICheckpointableRecord, "items", $"global::System.ReadOnlySpan<{self}> items", $"global::System.Span<{self}> items", "items[row]", "ref items[row]", MayBeNull: false);
            // A class's rows are references: each non-null one is taken into a local.
            return new(ICheckpointableRows, "rows", $"global::System.ReadOnlySpan<{self}> rows", $"global::System.ReadOnlySpan<{self}?> rows", "element", "element", MayBeNull: true);
        }
    }
}
