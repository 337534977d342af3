using CheckpointGen.Generators.Tests.Harness;

namespace CheckpointGen.Generators.Tests;

/// <summary>
/// Lists and arrays of a sealed [Checkpointable] class (stored as object columns) across versions of
/// the class, each compiled separately: columns map to members by key, a difference is reported once, and files written before the class was sealed (a sequence
/// of object references) still restore, as do files with columns read after it was unsealed.
/// </summary>
public class ObjectColumnEvolutionTests
{
    private const string Store = """
        [Checkpointable]
        public partial class Store
        {
            public List<Item> Items = new();
            public Item[] Array = [];
            public string Describe() => string.Join(",", Items) + " | " + string.Join<Item>(",", Array);
        }
        public static class Samples
        {
            public static Store Create() => new()
            {
                Items = [new() { Step = 1, Value = 0.5, Note = "a" }, new() { Step = 2, Value = 0.25, Note = "b" }, new() { Step = 3, Value = 2, Note = "c" }],
                Array = [new() { Step = 4, Value = 4.5, Note = "d" }, new() { Step = 5, Value = 5.5, Note = "e" }],
            };
        }
        """;

    private const string Version1 = """
        using System.Collections.Generic;
        using CheckpointGen;
        namespace Evo;
        [Checkpointable]
        public sealed partial class Item
        {
            public long Step;
            public double Value;
            public string Note = "";
            public override string ToString() => $"{Step}:{Value}:{Note}";
        }
        """ + Store;

    // The same members, before the class was sealed: its collections were sequences of object references.
    private static readonly string Unsealed = Version1.Replace("public sealed partial class Item", "public partial class Item");

    // Note removed, Epoch added (7 in a new object), Value renamed to Score keeping its key.
    private const string Version2 = """
        using System.Collections.Generic;
        using CheckpointGen;
        namespace Evo;
        [Checkpointable]
        public sealed partial class Item
        {
            public long Step;
            [CheckpointKey("Value")] public double Score;
            public int Epoch { get; init; } = 7;
            public override string ToString() => $"{Step}:{Score}:{Epoch}";
        }
        [Checkpointable]
        public partial class Store
        {
            public List<Item> Items = new();
            public Item[] Array = [];
            public string Describe() => string.Join(",", Items) + " | " + string.Join<Item>(",", Array);
        }
        """;

    private static (RestoreReport Report, string Restored) SaveRestore(string from, string into, CheckpointLoadOptions? options = null)
    {
        using var saving = new CompiledAssembly("Evo.From", from);
        using var restoring = new CompiledAssembly("Evo.Into", into);
        using var stream = new MemoryStream();
        Checkpoint.Save(saving.Call("Evo.Samples", "Create")!, stream);
        stream.Position = 0;
        var restored = restoring.Create("Evo.Store");
        var report = Checkpoint.Restore(restored, stream, options);
        return (report, (string)restored.GetType().GetMethod("Describe")!.Invoke(restored, null)!);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_column_added_removed_or_renamed_restores_by_key_and_is_reported_once(bool sealedClass)
    {
        // Sealed: object columns, one per collection. Unsealed: one component per object, each of the
        // five meeting the difference. Either way the report lists each key once.
        string from = sealedClass ? Version1 : Unsealed;
        string into = sealedClass ? Version2 : Version2.Replace("public sealed partial class Item", "public partial class Item");
        Assert.NotEqual(sealedClass, into.Contains("public partial class Item"));

        var (report, restored) = SaveRestore(from, into);

        // Score comes from the key "Value"; Epoch keeps the new objects' 7; Note is gone. Five objects, two collections.
        Assert.Equal("1:0.5:7,2:0.25:7,3:2:7 | 4:4.5:7,5:5.5:7", restored);
        Assert.Equal(["Evo.Item.Epoch"], report.MissingKeys);
        Assert.Equal(["Evo.Item.Note"], report.SkippedKeys);
    }

    [Fact]
    public void In_strict_mode_a_missing_column_throws_naming_it()
    {
        var error = Assert.Throws<CheckpointMismatchException>(() => SaveRestore(Version1, Version2, new CheckpointLoadOptions { Strict = true }));

        Assert.Contains("Evo.Item.Epoch", error.Message);
    }

    [Fact]
    public void In_strict_mode_a_column_the_code_does_not_read_throws_naming_it()
    {
        // Only Note removed: nothing is missing, one column is left unread.
        string withoutNote = Version1.Replace("public string Note = \"\";", "").Replace("{Step}:{Value}:{Note}", "{Step}:{Value}")
            .Replace(", Note = \"a\"", "").Replace(", Note = \"b\"", "").Replace(", Note = \"c\"", "").Replace(", Note = \"d\"", "").Replace(", Note = \"e\"", "");

        var (report, restored) = SaveRestore(Version1, withoutNote);
        var error = Assert.Throws<CheckpointMismatchException>(() => SaveRestore(Version1, withoutNote, new CheckpointLoadOptions { Strict = true }));

        Assert.Equal("1:0.5,2:0.25,3:2 | 4:4.5,5:5.5", restored);
        Assert.Equal(["Evo.Item.Note"], report.SkippedKeys);
        Assert.Contains("Evo.Item.Note", error.Message);
    }

    [Fact]
    public void A_file_written_before_the_class_was_sealed_restores_into_object_columns_code()
    {
        Assert.NotEqual(Version1, Unsealed);
        var (report, restored) = SaveRestore(Unsealed, Version1);

        Assert.Equal("1:0.5:a,2:0.25:b,3:2:c | 4:4.5:d,5:5.5:e", restored);
        Assert.Empty(report.MissingKeys);
        Assert.Empty(report.SkippedKeys);
    }

    [Fact]
    public void A_file_with_object_columns_restores_into_code_where_the_class_is_no_longer_sealed()
    {
        // Unsealing (or giving the class a [Checkpointable] base) turns its lists back into sequences
        // of objects: the reader hands that code the columns as object references, each object
        // restored from its row through its own per-member code.
        var (report, restored) = SaveRestore(Version1, Unsealed);

        Assert.Equal("1:0.5:a,2:0.25:b,3:2:c | 4:4.5:d,5:5.5:e", restored);
        Assert.Empty(report.MissingKeys);
        Assert.Empty(report.SkippedKeys);
    }

    [Theory]
    [InlineData("HashSet<Item?>")]
    [InlineData("List<Item?>")]
    public void A_file_with_object_columns_restores_into_a_collection_read_one_object_at_a_time(string collection)
    {
        // A set or list whose elements became nullable is stored as a sequence of objects (a HashSet<Item>
        // is object columns too now, read with ReadObjectArray).
        string into = Version1.Replace("public List<Item> Items = new();", $"public {collection} Items = new();");
        Assert.NotEqual(Version1, into);

        var (report, restored) = SaveRestore(Version1, into);

        Assert.Equal("1:0.5:a,2:0.25:b,3:2:c | 4:4.5:d,5:5.5:e", restored);
        Assert.True(report.IsExact);
    }

    [Fact]
    public void A_column_whose_type_changed_is_a_mismatch_naming_the_column()
    {
        var error = Assert.Throws<CheckpointMismatchException>(() => SaveRestore(Version1, Version1.Replace("public long Step;", "public int Step;")));

        Assert.Contains("Evo.Item.Step", error.Message);
    }
}
