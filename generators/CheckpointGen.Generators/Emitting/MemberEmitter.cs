using CheckpointGen.Generators.Classification;
using CheckpointGen.Generators.Model;
using static CheckpointGen.Generators.Emitting.CodeNames;

namespace CheckpointGen.Generators.Emitting;

/// <summary>Emits the write and read blocks of one saved member, and the accessors of backing fields.</summary>
internal static class MemberEmitter
{
    public static void EmitWrite(IndentedWriter w, ClassifiedMember member)
    {
        w.Line(member.IsConfiguration ? $"writer.BeginConfiguration({Literal(member.Key)});" : $"writer.BeginMember({Literal(member.Key)});");
        ValueWriter.Write(w, member.Shape, "this." + Identifier(member.Name), depth: 0);
        w.Line("writer.EndMember();");
    }

    /// <summary>A member the file lacks keeps its current value (TryBeginMember reports it).</summary>
    public static void EmitRead(IndentedWriter w, CheckpointableTypeModel model, ClassifiedMember member)
    {
        if (member.IsConfiguration)
        {
            EmitCompare(w, member);
            return;
        }
        w.Open($"if (reader.TryBeginMember({Literal(member.Key)}))");
        string target = OpenTarget(w, member, "this", model.IsValueType ? $"ref {Unsafe}.AsRef(in this)" : "this");
        ValueReader.Read(w, member.Shape, target, depth: 0);
        w.Line("reader.EndMember();");
        w.Close();
    }

    /// <summary>A configuration member is read into a local and compared with the member, which keeps this run's value.</summary>
    private static void EmitCompare(IndentedWriter w, ClassifiedMember member)
    {
        w.Open($"if (reader.TryBeginConfiguration({Literal(member.Key)}))");
        w.Line($"{member.Shape.TypeName} saved = default!;");
        ValueReader.Read(w, member.Shape, "saved", depth: 0);
        w.Line("reader.EndMember();");
        w.Line($"reader.CompareConfiguration({Literal(member.Key)}, saved, this.{Identifier(member.Name)}, {KnownNames.Global(KnownNames.ConfigurationChange)}.{member.ConfigurationChange});");
        w.Close();
    }

    /// <summary>
    /// The assignable expression for <paramref name="member"/> of <paramref name="instance"/>: the member
    /// itself, or (readonly fields, get-only and init-only auto-properties) a ref local <c>member</c>
    /// declared here. <paramref name="instanceRef"/> is the instance as an accessor's owner argument.
    /// </summary>
    public static string OpenTarget(IndentedWriter w, ClassifiedMember member, string instance, string instanceRef)
    {
        if (member.Access == MemberAccess.Assign) return Target(member, instance, instanceRef);
        w.Line($"ref var member = ref {Target(member, instance, instanceRef)};");
        return "member";
    }

    /// <summary>
    /// An assignable expression for the member. Restoring is a second construction: readonly fields are
    /// assigned through a reference, get-only and init-only auto-properties through their backing field.
    /// </summary>
    public static string Target(ClassifiedMember member, string instance, string instanceRef) => member.Access switch
    {
        MemberAccess.ReadOnlyField => $"{Unsafe}.AsRef(in {instance}.{Identifier(member.Name)})",
        MemberAccess.BackingField => $"{AccessorName(member)}({instanceRef})",
        _ => $"{instance}.{Identifier(member.Name)}",
    };

    /// <summary>
    /// An [UnsafeAccessor] to the compiler-generated backing field of a get-only or init-only
    /// auto-property: no reflection, AOT-safe.
    /// </summary>
    public static void EmitAccessor(IndentedWriter w, CheckpointableTypeModel model, ClassifiedMember member)
    {
        string owner = model.IsValueType ? $"ref {model.FullyQualifiedName}" : model.FullyQualifiedName;
        w.Line($"[global::System.Runtime.CompilerServices.UnsafeAccessor(global::System.Runtime.CompilerServices.UnsafeAccessorKind.Field, Name = {Literal(member.BackingFieldName)})]");
        w.Line($"private static extern ref {member.Shape.TypeName} {AccessorName(member)}({owner} owner);");
    }

    private static string AccessorName(ClassifiedMember member) => $"__CheckpointBackingField_{member.Name}";
}
