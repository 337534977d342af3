using System.Collections.Generic;
using CheckpointGen.Generators.Classification;
using CheckpointGen.Generators.Model;
using static CheckpointGen.Generators.Emitting.CodeNames;

namespace CheckpointGen.Generators.Emitting;

/// <summary>
/// The codecs this type registers for the type arguments of the generic [Checkpointable] types it
/// names (its members' types and its base classes): the generic types' code reaches their values
/// through <c>ValueCodecs.For&lt;T&gt;()</c>, which resolves leaves (numbers, strings, objects) by
/// itself but cannot build the codec of a collection or call a constrained factory without the
/// closed type. Structured arguments get a nested codec class written by the same emitters as a
/// member of that type, so the encoding is the same. Registration runs before this type writes or
/// reads, and at module load when the type is reachable from there (the generic object may be met
/// first through another reference).
/// </summary>
internal static class CodecEmitter
{
    private const string Method = "__RegisterCheckpointCodecs";
    private const string NestedCodec = "__CheckpointCodec";

    /// <summary>The call that makes sure the codecs are registered, when the type registers any.</summary>
    public static void EmitCall(IndentedWriter w, CheckpointableTypeModel model)
    {
        if (Registrations(model).Count > 0) w.Line($"{Method}();");
    }

    public static void Emit(IndentedWriter w, CheckpointableTypeModel model)
    {
        var registrations = Registrations(model);
        if (registrations.Count == 0) return;
        w.Line();
        w.Line("/// <summary>Registers the codecs of the type arguments of the generic checkpointable types this type names.</summary>");
        TypeMembersEmitter.Attributes(w);
        w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        if (model.InitializesModule) w.Line("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        w.Open($"{(model.InitializesModule ? "internal" : "private")} static void {Method}()");
        for (int i = 0; i < registrations.Count; i++)
        {
            var argument = registrations[i];
            // The runtime's codecs of classes are codecs of the nullable type; a nested codec is of the type as written.
            string registered = Runtime(argument) is not null && argument.IsReferenceType ? NonNullable(argument) + "?" : argument.TypeName;
            w.Line($"{ValueCodecs}.Register<{registered}>(static () => new {CodecType(argument, i)}());");
        }
        w.Close();
        for (int i = 0; i < registrations.Count; i++)
            if (Runtime(registrations[i]) is null) EmitNestedCodec(w, registrations[i], i);
    }

    /// <summary>The codec a runtime class provides for an argument that needs registering, or null when it needs a nested codec.</summary>
    private static string? Runtime(ValueShape argument) => argument.Kind switch
    {
        ShapeKind.CheckpointableClass when argument.IsColumnarObject => KnownNames.Global(KnownNames.ObjectColumnsCodec),
        ShapeKind.CheckpointableClass => KnownNames.Global(KnownNames.FactoryObjectCodec),
        ShapeKind.CheckpointableStruct => KnownNames.Global(KnownNames.RecordColumnsCodec),
        ShapeKind.MemoryPack => KnownNames.Global(KnownNames.MemoryPackCodec),
        _ => null,
    };

    private static string CodecType(ValueShape argument, int index) =>
        Runtime(argument) is { } runtime ? $"{runtime}<{NonNullable(argument)}>" : NestedCodec + index;

    /// <summary>
    /// Arguments the runtime cannot resolve well by type alone, once each: objects it would create
    /// (factories), struct and object columns, MemoryPack types, and every structured type.
    /// </summary>
    private static List<ValueShape> Registrations(CheckpointableTypeModel model)
    {
        var found = new List<ValueShape>();
        var names = new HashSet<string>();
        void Consider(ValueShape argument)
        {
            bool needed = argument.Kind switch
            {
                ShapeKind.Scalar or ShapeKind.Enum or ShapeKind.Tensor or ShapeKind.Parameter or ShapeKind.Polymorphic
                    or ShapeKind.Component or ShapeKind.TypeParameter => false,
                ShapeKind.CheckpointableClass => argument.HasFactory,
                ShapeKind.CheckpointableStruct => argument.HasColumns,
                _ => true,
            };
            if (needed && names.Add(NonNullable(argument))) found.Add(argument);
        }
        void Visit(ValueShape shape)
        {
            if (shape.Kind is ShapeKind.CheckpointableClass or ShapeKind.CheckpointableStruct)
                foreach (var argument in shape.Arguments) Consider(argument);
            foreach (var argument in shape.Arguments) Visit(argument);
        }
        foreach (var argument in model.BaseTypeArguments) { Consider(argument); Visit(argument); }
        foreach (var member in model.Members) Visit(member.Shape);
        return found;
    }

    private static void EmitNestedCodec(IndentedWriter w, ValueShape argument, int index)
    {
        w.Line();
        TypeMembersEmitter.Attributes(w);
        w.Open($"private sealed class {NestedCodec}{index} : {ValueCodec}<{argument.TypeName}>");
        w.Open($"public override void Write({Writer} writer, {argument.TypeName} value)");
        ValueWriter.Write(w, argument, "value", depth: 0);
        w.Close();
        w.Line();
        w.Open($"public override {argument.TypeName} Read({Reader} reader, {argument.TypeName} existing)");
        ValueReader.Read(w, argument, "existing", depth: 0);
        w.Line("return existing;");
        w.Close();
        w.Close();
    }
}
