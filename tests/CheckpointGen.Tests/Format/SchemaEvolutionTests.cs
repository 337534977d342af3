using CheckpointGen.Reading;
using CheckpointGen.Tests.Format.Support;
using CheckpointGen.Writing;
using TorchSharp;

namespace CheckpointGen.Tests.Format;

/// <summary>Files written by an older or newer version of a type: extra and missing keys, changed member types.</summary>
public sealed class SchemaEvolutionTests
{
    private static byte[] Written(Action<CheckpointWriter> write) => CheckpointBytes.Save(new Schema(write));

    private static void Member(CheckpointWriter w, string key, Action<CheckpointWriter> value) { w.BeginMember(key); value(w); w.EndMember(); }

    [Fact]
    public void Key_unknown_to_the_code_is_skipped_and_reported()
    {
        byte[] file = Written(w => { Member(w, "a", x => x.WriteInt32(1)); Member(w, "removed", x => x.WriteString("old")); });
        int a = 0;
        var report = CheckpointBytes.Restore(new Schema(read: r => { if (r.TryBeginMember("a")) { a = r.ReadInt32(); r.EndMember(); } }), file);
        Assert.Equal(1, a);
        Assert.Equal([Schema.Key("removed")], report.SkippedKeys);
        Assert.Empty(report.MissingKeys);
        Assert.False(report.IsExact);
    }

    [Fact]
    public void A_key_that_differs_in_every_object_is_reported_once()
    {
        byte[] file = CheckpointBytes.Save(new Probe(w =>
        {
            w.BeginSequence(3);
            for (int i = 0; i < 3; i++) w.WriteObject(new Schema(x => Member(x, "removed", v => v.WriteInt32(i))));
        }));
        var readers = new List<Schema>();

        var report = CheckpointBytes.Restore(new Probe(read: r =>
        {
            int count = r.BeginSequence();
            for (int i = 0; i < count; i++)
                readers.Add(r.ReadObject<Schema>(null, () => new Schema(read: x => { if (x.TryBeginMember("added")) x.EndMember(); }))!);
        }), file);

        Assert.Equal(3, readers.Distinct().Count());
        Assert.Equal([Schema.Key("removed")], report.SkippedKeys);
        Assert.Equal([Schema.Key("added")], report.MissingKeys);
    }

    [Fact]
    public void Key_missing_from_the_file_keeps_the_constructed_value_and_is_reported()
    {
        byte[] file = Written(w => Member(w, "a", x => x.WriteInt32(1)));
        int added = 42;
        var report = CheckpointBytes.Restore(new Schema(read: r =>
        {
            if (r.TryBeginMember("a")) { r.ReadInt32(); r.EndMember(); }
            if (r.TryBeginMember("added")) { added = r.ReadInt32(); r.EndMember(); }
        }), file);
        Assert.Equal(42, added);
        Assert.Equal([Schema.Key("added")], report.MissingKeys);
        Assert.Empty(report.SkippedKeys);
    }

    [Fact]
    public void Strict_mode_refuses_a_skipped_key()
    {
        byte[] file = Written(w => { Member(w, "a", x => x.WriteInt32(1)); Member(w, "removed", x => x.WriteInt32(2)); });
        var e = Assert.Throws<CheckpointMismatchException>(() => CheckpointBytes.Restore(
            new Schema(read: r => { if (r.TryBeginMember("a")) { r.ReadInt32(); r.EndMember(); } }), file, new CheckpointLoadOptions { Strict = true }));
        Assert.Contains(Schema.Key("removed"), e.Message);
    }

    [Fact]
    public void Strict_mode_refuses_a_missing_key()
    {
        byte[] file = Written(w => Member(w, "a", x => x.WriteInt32(1)));
        var e = Assert.Throws<CheckpointMismatchException>(() => CheckpointBytes.Restore(
            new Schema(read: r => { if (r.TryBeginMember("added")) r.EndMember(); }), file, new CheckpointLoadOptions { Strict = true }));
        Assert.Contains(Schema.Key("added"), e.Message);
    }

    public static TheoryData<string, string, string> ChangedTypes => new()
    {
        { "int saved, string read", "Int32", "String" },
        { "float[] saved, double[] read", "Single", "Double" },
        { "object saved, tensor read", "ObjectRef", "Tensor" },
    };

    [Theory]
    [MemberData(nameof(ChangedTypes))]
    public void Changed_member_type_is_a_mismatch_naming_the_member_and_both_kinds(string change, string saved, string read)
    {
        Action<CheckpointWriter> write = change switch
        {
            "int saved, string read" => w => w.WriteInt32(5),
            "float[] saved, double[] read" => w => w.WritePrimitiveArray<float>([1f]),
            _ => w => w.WriteObject(new Node()),
        };
        Action<CheckpointReader> readValue = change switch
        {
            "int saved, string read" => r => r.ReadString(),
            "float[] saved, double[] read" => r => r.ReadPrimitiveArray<double>(),
            _ => r => r.ReadTensor(null),
        };
        byte[] file = Written(w => Member(w, "field", write));
        var e = Assert.Throws<CheckpointMismatchException>(() => CheckpointBytes.Restore(
            new Schema(read: r => { if (r.TryBeginMember("field")) { readValue(r); r.EndMember(); } }), file));
        Assert.Contains(Schema.Key("field"), e.Message);
        Assert.Contains(saved, e.Message);
        Assert.Contains(read, e.Message);
    }

    [Fact]
    public void Nested_component_of_another_type_is_a_mismatch_naming_both_types()
    {
        byte[] file = Written(w => Member(w, "child", x => x.WriteObject(new Node())));
        var e = Assert.Throws<CheckpointMismatchException>(() => CheckpointBytes.Restore(
            new Schema(read: r => { if (r.TryBeginMember("child")) { r.ReadObject(new Pair()); r.EndMember(); } }), file));
        Assert.Contains(typeof(Node).FullName!, e.Message);
        Assert.Contains(typeof(Pair).FullName!, e.Message);
    }
}
