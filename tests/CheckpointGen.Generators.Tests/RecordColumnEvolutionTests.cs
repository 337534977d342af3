using CheckpointGen.Generators.Tests.Harness;

namespace CheckpointGen.Generators.Tests;

/// <summary>
/// Lists and arrays of [Checkpointable] structs (stored as columns) across versions of the struct,
/// each compiled separately: columns map to members by key, and files that stored a sequence of
/// records (before columns existed) still restore.
/// </summary>
public class RecordColumnEvolutionTests
{
    private const string Store = """
        [Checkpointable]
        public partial class Store
        {
            public List<Point> Points = new();
            public Point[] Array = [];
            public Dictionary<string, List<Point>> Curves = new();
            public string Describe() => string.Join(",", Points) + " | " + string.Join(",", Array) + " | " +
                string.Join(";", Curves.OrderBy(c => c.Key).Select(c => c.Key + "=" + string.Join(",", c.Value)));
        }
        """;

    private const string Version1 = """
        using System.Collections.Generic;
        using System.Linq;
        using CheckpointGen;
        namespace Curves;
        [Checkpointable]
        public partial record struct Point(long Step, double Value, string Note);
        public static class Samples
        {
            public static Store Create() => new()
            {
                Points = [new(1, 0.5, "a"), new(2, 0.25, "b")],
                Array = [new(3, 3.5, "c")],
                Curves = new() { ["loss"] = [new(4, 4.5, "d")], ["empty"] = [] },
            };
        }
        """ + Store;

    // Note removed, Epoch added, Value renamed to Score (keeping its key); the value is readonly now.
    private const string Version2 = """
        using System.Collections.Generic;
        using System.Linq;
        using CheckpointGen;
        namespace Curves;
        [Checkpointable]
        public readonly partial struct Point
        {
            public Point(long step, double score, int epoch) { Step = step; Score = score; Epoch = epoch; }
            public long Step { get; init; }
            [CheckpointKey("Value")] public readonly double Score;
            public int Epoch { get; }
            public override string ToString() => $"{Step}:{Score}:{Epoch}";
        }
        """ + Store;

    // What the generator emitted for these members before record columns: a sequence of records.
    private const string RecordsVersion = """
        using CheckpointGen;
        using CheckpointGen.Reading;
        using CheckpointGen.Writing;
        namespace Curves;
        public struct Point : ICheckpointable
        {
            public long Step;
            public double Value;
            public string Note;
            public void WriteCheckpoint(CheckpointWriter writer)
            {
                writer.BeginMember("Step"); writer.WriteInt64(Step); writer.EndMember();
                writer.BeginMember("Value"); writer.WriteDouble(Value); writer.EndMember();
                writer.BeginMember("Note"); writer.WriteString(Note); writer.EndMember();
            }
            public void ReadCheckpoint(CheckpointReader reader) => throw new System.NotSupportedException();
        }
        public sealed class Store : ICheckpointable
        {
            public void WriteCheckpoint(CheckpointWriter writer)
            {
                writer.BeginMember("Points");
                writer.BeginSequence(2);
                writer.WriteRecord(new Point { Step = 1, Value = 0.5, Note = "a" });
                writer.WriteRecord(new Point { Step = 2, Value = 0.25, Note = "b" });
                writer.EndMember();
                writer.BeginMember("Array");
                writer.BeginSequence(1);
                writer.WriteRecord(new Point { Step = 3, Value = 3.5, Note = "c" });
                writer.EndMember();
                writer.BeginMember("Curves");
                writer.BeginMap(1);
                writer.WriteString("loss");
                writer.BeginSequence(1);
                writer.WriteRecord(new Point { Step = 4, Value = 4.5, Note = "d" });
                writer.EndMember();
            }
            public void ReadCheckpoint(CheckpointReader reader) => throw new System.NotSupportedException();
        }
        """;

    private static (RestoreReport Report, string Restored) SaveRestore(CompiledAssembly from, object saved, CompiledAssembly into, Action<object>? prepare = null)
    {
        using var stream = new MemoryStream();
        Checkpoint.Save(saved, stream);
        stream.Position = 0;
        var restored = into.Create("Curves.Store");
        prepare?.Invoke(restored);
        var report = Checkpoint.Restore(restored, stream);
        return (report, (string)restored.GetType().GetMethod("Describe")!.Invoke(restored, null)!);
    }

    /// <summary>The values of Samples.Create (<paramref name="emptyCurve"/>: how the empty curve shows, if the file has it), nothing missing or skipped.</summary>
    private static void AssertRestoredAsSaved(RestoreReport report, string restored, string emptyCurve)
    {
        Assert.Equal($"Point {{ Step = 1, Value = 0.5, Note = a }},Point {{ Step = 2, Value = 0.25, Note = b }} | Point {{ Step = 3, Value = 3.5, Note = c }} | {emptyCurve}loss=Point {{ Step = 4, Value = 4.5, Note = d }}", restored);
        Assert.Empty(report.MissingKeys);
        Assert.Empty(report.SkippedKeys);
    }

    [Fact]
    public void Columns_round_trip_through_the_same_code()
    {
        using var v1 = new CompiledAssembly("Curves.V1", Version1);
        var saved = v1.Call("Curves.Samples", "Create")!;

        var (report, restored) = SaveRestore(v1, saved, v1);

        AssertRestoredAsSaved(report, restored, "empty=;");
    }

    [Fact]
    public void A_column_added_removed_or_renamed_restores_by_key_and_is_reported_once()
    {
        using var v1 = new CompiledAssembly("Curves.V1", Version1);
        using var v2 = new CompiledAssembly("Curves.V2", Version2);
        var saved = v1.Call("Curves.Samples", "Create")!;

        var (report, restored) = SaveRestore(v1, saved, v2);

        // Score comes from the renamed key "Value"; Epoch is new (default); Note is gone.
        Assert.Equal("1:0.5:0,2:0.25:0 | 3:3.5:0 | empty=;loss=4:4.5:0", restored);
        Assert.Equal(["Curves.Point.Epoch"], report.MissingKeys);
        Assert.Equal(["Curves.Point.Note"], report.SkippedKeys);
    }

    [Fact]
    public void A_missing_column_keeps_the_values_of_the_elements_restored_into()
    {
        using var v1 = new CompiledAssembly("Curves.V1", Version1);
        using var v2 = new CompiledAssembly("Curves.V2", Version2);
        var saved = v1.Call("Curves.Samples", "Create")!;
        // Element 0 of the existing list has Epoch 7; the list is refilled in place, so it keeps it.
        // Element 1 is new: default, not the value a removal left behind in the list's backing array.
        var (_, restored) = SaveRestore(v1, saved, v2, store =>
        {
            var points = (System.Collections.IList)CompiledAssembly.Get(store, "Points")!;
            for (int i = 0; i < 3; i++) points.Add(Activator.CreateInstance(points.GetType().GetGenericArguments()[0], 9L, 9.0, 7));
            points.RemoveAt(2);
            points.RemoveAt(1);
        });

        Assert.StartsWith("1:0.5:7,2:0.25:0 |", restored);
    }

    [Fact]
    public void A_file_with_sequences_of_records_restores_into_code_that_writes_columns()
    {
        using var old = new CompiledAssembly("Curves.Records", RecordsVersion);
        using var v1 = new CompiledAssembly("Curves.V1", Version1);

        var (report, restored) = SaveRestore(old, old.Create("Curves.Store"), v1, store =>
        {
            // An existing longer list is trimmed to the saved count.
            var points = (System.Collections.IList)CompiledAssembly.Get(store, "Points")!;
            for (int i = 0; i < 4; i++) points.Add(Activator.CreateInstance(points.GetType().GetGenericArguments()[0], 9L, 9.0, "z"));
        });

        AssertRestoredAsSaved(report, restored, "");
    }

    [Fact]
    public void A_column_whose_type_changed_is_a_mismatch_naming_the_column()
    {
        using var v1 = new CompiledAssembly("Curves.V1", Version1);
        using var changed = new CompiledAssembly("Curves.Changed", Version1.Replace("long Step", "int Step"));
        var saved = v1.Call("Curves.Samples", "Create")!;

        var error = Assert.Throws<CheckpointMismatchException>(() => SaveRestore(v1, saved, changed));

        Assert.Contains("Curves.Point.Step", error.Message);
    }
}
