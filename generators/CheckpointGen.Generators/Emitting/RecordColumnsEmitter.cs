using System.Linq;
using CheckpointGen.Generators.Classification;
using CheckpointGen.Generators.Model;
using static CheckpointGen.Generators.Emitting.CodeNames;

namespace CheckpointGen.Generators.Emitting;

/// <summary>
/// Emits a struct's ICheckpointableRecord members: its lists and arrays are stored column by column,
/// each member's key once and then that member's values of all elements (one block copy into the
/// manifest for primitive and enum members, a sequence otherwise). They live in the struct itself
/// because only the struct's own code can reach its private and readonly members.
/// </summary>
internal static class RecordColumnsEmitter
{
    private const string Row = "row";
    private const string Element = "items[row]";

    public static void Emit(IndentedWriter w, CheckpointableTypeModel model)
    {
        string self = model.FullyQualifiedName;
        w.Line();
        w.Line("/// <inheritdoc/>");
        TypeMembersEmitter.Attributes(w);
        w.Open($"static void {ICheckpointableRecord}<{self}>.WriteColumns({Writer} writer, global::System.ReadOnlySpan<{self}> items)");
        foreach (var member in model.Members) EmitWriteColumn(w, member);
        w.Close();
        w.Line();
        w.Line("/// <inheritdoc/>");
        TypeMembersEmitter.Attributes(w);
        w.Open($"static void {ICheckpointableRecord}<{self}>.ReadColumns({Reader} reader, global::System.Span<{self}> items)");
        // The same order as ReadCheckpointMembers: plain members, structure hook, TorchSharp state, restored hook.
        foreach (var member in model.Members.Where(m => !m.Shape.ContainsTorchState)) EmitReadColumn(w, member);
        if (model.HasStructureHook) EachElement(w, $"{Element}.{CheckpointableTypeFacts.StructureRestoredHook}();");
        foreach (var member in model.Members.Where(m => m.Shape.ContainsTorchState)) EmitReadColumn(w, member);
        if (model.HasRestoredHook) EachElement(w, $"{Element}.{CheckpointableTypeFacts.RestoredHook}();");
        w.Close();
    }

    private static void EmitWriteColumn(IndentedWriter w, ClassifiedMember member)
    {
        var shape = member.Shape;
        string value = $"{Element}.{Identifier(member.Name)}";
        w.Open();
        w.Line($"writer.BeginMember({Literal(member.Key)});");
        if (shape.IsBlockCopyable)
        {
            string block = BlockType(shape);
            w.Line($"var column = writer.BeginPrimitiveColumn<{block}>(items.Length);");
            EachElement(w, $"column[{Row}] = {(shape.Kind == ShapeKind.Enum ? $"({block})" : "")}{value};");
        }
        else
        {
            w.Line("writer.BeginSequence(items.Length);");
            w.Open($"for (int {Row} = 0; {Row} < items.Length; {Row}++)");
            ValueWriter.Write(w, shape, value, depth: 0);
            w.Close();
        }
        w.Line("writer.EndMember();");
        w.Close();
    }

    /// <summary>A column the file lacks leaves the elements as they are (TryBeginMember reports it once).</summary>
    private static void EmitReadColumn(IndentedWriter w, ClassifiedMember member)
    {
        var shape = member.Shape;
        const string elementRef = "ref " + Element;
        w.Open($"if (reader.TryBeginMember({Literal(member.Key)}))");
        if (shape.IsBlockCopyable)
        {
            w.Line($"var column = reader.ReadPrimitiveColumn<{BlockType(shape)}>(items.Length);");
            string cast = shape.Kind == ShapeKind.Enum ? $"({shape.TypeName})" : "";
            EachElement(w, $"{MemberEmitter.Target(member, Element, elementRef)} = {cast}column[{Row}];");
        }
        else
        {
            w.Line("reader.BeginColumn(items.Length);");
            w.Open($"for (int {Row} = 0; {Row} < items.Length; {Row}++)");
            string target = MemberEmitter.OpenTarget(w, member, Element, elementRef);
            ValueReader.Read(w, shape, target, depth: 0);
            w.Close();
        }
        w.Line("reader.EndMember();");
        w.Close();
    }

    private static void EachElement(IndentedWriter w, string statement) =>
        w.Line($"for (int {Row} = 0; {Row} < items.Length; {Row}++) {statement}");
}
