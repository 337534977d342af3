using System.Linq;
using CheckpointGen.Generators.Classification;
using CheckpointGen.Generators.Model;
using static CheckpointGen.Generators.Emitting.CodeNames;

namespace CheckpointGen.Generators.Emitting;

/// <summary>
/// Emits the static WriteColumns / ReadColumns of a type whose collections are stored as columns
/// (docs/format.md): ICheckpointableRecord for a struct, ICheckpointableRows for a class. They live in
/// the type itself because only its own code can reach its private and readonly members.
/// </summary>
internal static class ColumnsEmitter
{
    private const string Row = "row";
    private const string Element = "element";

    public static void Emit(IndentedWriter w, CheckpointableTypeModel model)
    {
        var rows = ColumnRows.Of(model);
        w.Line();
        w.Line("/// <inheritdoc/>");
        TypeMembersEmitter.Attributes(w);
        w.Open($"static void {rows.Interface}<{model.FullyQualifiedName}>.WriteColumns({Writer} writer, {rows.WriteParameter})");
        CodecEmitter.EmitCall(w, model);
        foreach (var member in model.Members) EmitWriteColumn(w, rows, member);
        w.Close();
        w.Line();
        w.Line("/// <inheritdoc/>");
        TypeMembersEmitter.Attributes(w);
        w.Open($"static void {rows.Interface}<{model.FullyQualifiedName}>.ReadColumns({Reader} reader, {rows.ReadParameter})");
        CodecEmitter.EmitCall(w, model);
        // The same order as ReadCheckpointMembers: plain members, structure hook, TorchSharp state, restored hook.
        foreach (var member in model.Members.Where(m => !m.Shape.ContainsTorchState)) EmitReadColumn(w, rows, member);
        if (model.StructureHook.IsCalled()) EachReadRow(w, rows, element => $"{element}.{RestoreHooks.StructureRestored}();");
        foreach (var member in model.Members.Where(m => m.Shape.ContainsTorchState)) EmitReadColumn(w, rows, member);
        if (model.RestoredHook.IsCalled()) EachReadRow(w, rows, element => $"{element}.{RestoreHooks.Restored}();");
        w.Close();
    }

    private static void EmitWriteColumn(IndentedWriter w, ColumnRows rows, ClassifiedMember member)
    {
        var shape = member.Shape;
        string name = Identifier(member.Name);
        w.Open();
        w.Line($"writer.BeginMember({Literal(member.Key)});");
        if (shape.IsBlockCopyable)
        {
            string block = BlockType(shape);
            w.Line($"var column = writer.BeginPrimitiveColumn<{block}>({rows.Span}.Length);");
            w.Line($"{rows.Loop} column[{Row}] = {(shape.Kind == ShapeKind.Enum ? $"({block})" : "")}{rows.Indexed}.{name};");
        }
        else
        {
            w.Line($"writer.BeginSequence({rows.Span}.Length);");
            w.Open(rows.Loop);
            w.Line(rows.IsValueType ? $"ref readonly var {Element} = ref {rows.Indexed};" : $"var {Element} = {rows.Indexed};");
            ValueWriter.Write(w, shape, $"{Element}.{name}", depth: 0);
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
            EachReadRow(w, rows, element => $"{MemberEmitter.Target(member, element, rows.ReferenceTo(element))} = {cast}column[{Row}];");
        }
        else
        {
            w.Line($"reader.BeginColumn({rows.Span}.Length);");
            w.Open(rows.Loop);
            w.Line(rows.IsValueType
                ? $"ref var {Element} = ref {rows.Indexed};"
                : $"if ({rows.Indexed} is not {{ }} {Element}) {{ reader.SkipValue(); continue; }}");
            string target = MemberEmitter.OpenTarget(w, member, Element, rows.ReferenceTo(Element));
            ValueReader.Read(w, shape, target, depth: 0);
            w.Close();
        }
        w.Line("reader.EndMember();");
        w.Close();
    }

    /// <summary>One statement for every row being restored: each struct element, each non-null object.</summary>
    private static void EachReadRow(IndentedWriter w, ColumnRows rows, System.Func<string, string> statement) =>
        w.Line(rows.IsValueType
            ? $"{rows.Loop} {statement(rows.Indexed)}"
            : $"{rows.Loop} if ({rows.Indexed} is {{ }} {Element}) {statement(Element)}");

    /// <summary>How the rows of one kind of type are passed and named in the generated code.</summary>
    /// <param name="Interface">The interface whose static members are emitted.</param>
    /// <param name="Span">The parameter holding the rows.</param>
    /// <param name="WriteParameter">WriteColumns' rows parameter.</param>
    /// <param name="ReadParameter">ReadColumns' rows parameter (a class's rows may be null there).</param>
    /// <param name="IsValueType">Struct rows are restored in place through the span's references; class rows are references, each non-null one taken into a local.</param>
    private sealed record ColumnRows(string Interface, string Span, string WriteParameter, string ReadParameter, bool IsValueType)
    {
        /// <summary>The current row, straight from the span.</summary>
        public string Indexed => $"{Span}[{Row}]";

        public string Loop => $"for (int {Row} = 0; {Row} < {Span}.Length; {Row}++)";

        /// <summary>A row as the owner argument of a backing-field accessor (by reference for a struct).</summary>
        public string ReferenceTo(string element) => IsValueType ? "ref " + element : element;

        public static ColumnRows Of(CheckpointableTypeModel model)
        {
            string self = model.FullyQualifiedName;
            return model.IsValueType
                ? new(ICheckpointableRecord, "items", $"global::System.ReadOnlySpan<{self}> items", $"global::System.Span<{self}> items", IsValueType: true)
                : new(ICheckpointableRows, "rows", $"global::System.ReadOnlySpan<{self}> rows", $"global::System.ReadOnlySpan<{self}?> rows", IsValueType: false);
        }
    }
}
