using CheckpointGen.Format;
using CheckpointGen.Inspection;
using CheckpointGen.Tests.Format.Support;
using CheckpointGen.Tests.Generated;

namespace CheckpointGen.Tests.Format;

/// <summary>Dictionaries stored as two columns (format 1.4): keys, then values as record or object columns.</summary>
public sealed class MapColumnsTests
{
    private static MapHolder Sample()
    {
        var shared = new RowNode { Value = 2, Name = "shared" };
        return new MapHolder
        {
            Favourite = shared,
            Points = new() { [5] = new(50, 0.5), [-1] = new(-10, double.NaN), [9] = new(90, 0.9) },
            Nodes = new() { ["a"] = new RowNode { Value = 1, Next = shared }, ["b"] = shared, ["c"] = new RowNode { Value = 3, Flag = true } },
            Sorted = new(StringComparer.Ordinal) { ["z"] = new(26, 2.6), ["m"] = new(13, 1.3) },
        };
    }

    [Fact]
    public void Dictionaries_of_structs_and_of_objects_round_trip_with_their_shared_objects()
    {
        byte[] file = CheckpointBytes.Save(Sample());

        var restored = new MapHolder();
        var report = CheckpointBytes.Restore(restored, file);

        Assert.True(report.IsExact, report.ToString());
        Assert.Equal(Sample().Points.OrderBy(e => e.Key), restored.Points.OrderBy(e => e.Key));
        Assert.Equal(["a", "b", "c"], restored.Nodes.Keys.Order());
        Assert.Same(restored.Favourite, restored.Nodes["b"]);
        Assert.Same(restored.Nodes["b"], restored.Nodes["a"].Next);
        Assert.Equal((1, 2, 3), (restored.Nodes["a"].Value, restored.Nodes["b"].Value, restored.Nodes["c"].Value));
        Assert.True(restored.Nodes["c"].Flag);
        Assert.Equal(["m", "z"], restored.Sorted.Keys);
        Assert.Equal(new CurvePoint(26, 2.6), restored.Sorted["z"]);
    }

    [Fact]
    public void A_dictionary_is_refilled_in_place_keeping_its_comparer_and_the_objects_under_the_same_keys()
    {
        byte[] file = CheckpointBytes.Save(Sample());
        var keptNode = new RowNode();
        var live = new MapHolder
        {
            Points = new() { [100] = new(1, 1) },
            Nodes = new(StringComparer.OrdinalIgnoreCase) { ["C"] = keptNode, ["gone"] = new RowNode() },
        };
        var points = live.Points;

        CheckpointBytes.Restore(live, file);

        Assert.Same(points, live.Points);
        Assert.Equal([-1, 5, 9], live.Points.Keys.Order());
        Assert.Same(keptNode, live.Nodes["c"]);
        Assert.Equal(3, keptNode.Value);
        Assert.False(live.Nodes.ContainsKey("gone"));
        Assert.Same(StringComparer.OrdinalIgnoreCase, live.Nodes.Comparer);
    }

    [Fact]
    public void The_inspector_lists_the_keys_and_the_values_columns()
    {
        var listing = CheckpointInspector.Inspect(new MemoryStream(CheckpointBytes.Save(Sample())));

        var points = listing.Components[0].Members.Single(m => m.Key == "Points");
        Assert.Equal(ValueTag.MapColumns, points.Kind);
        Assert.StartsWith($"3 {{ keys: Int32[3] [5, -1, 9], values: {typeof(CurvePoint).FullName}[3] {{ Step: Int64[3]", points.Value);
        var nodes = listing.Components[0].Members.Single(m => m.Key == "Nodes");
        Assert.Equal([1, 2, 3], nodes.ObjectRefs.Distinct().Order());
    }

    [Fact]
    public void A_key_that_appears_twice_is_a_format_error()
    {
        byte[] file = CheckpointBytes.Save(new Probe(w => w.WriteMapColumns<int, CurvePoint>(
            new List<KeyValuePair<int, CurvePoint>> { new(1, default), new(1, default) }, static (w, k) => w.WritePrimitiveArray(k), static (w, v) => w.WriteRecordColumns(v))));

        var e = Assert.Throws<CheckpointFormatException>(() => Probe.Read(file, r => { r.ReadMapColumns(new Dictionary<int, CurvePoint>(), static (r, k) => r.ReadPrimitiveColumn<int>(k.Length).CopyTo(k), static (r, v) => r.ReadRecordColumns(v)); return 0; }));
        Assert.Contains("key 1 of a dictionary appears twice", e.Message);
    }

    [Fact]
    public void A_null_key_is_a_format_error()
    {
        byte[] file = CheckpointBytes.Save(new Probe(w => w.WriteMapColumns<string, CurvePoint>(
            new List<KeyValuePair<string, CurvePoint>> { new(null!, default) }, MapHolder.WriteStrings, static (w, v) => w.WriteRecordColumns(v))));

        var e = Assert.Throws<CheckpointFormatException>(() => Probe.Read(file, r => { r.ReadMapColumns(new Dictionary<string, CurvePoint>(), MapHolder.ReadStrings, static (r, v) => r.ReadRecordColumns(v)); return 0; }));
        Assert.Contains("key 0 of a dictionary is null", e.Message);
    }

    [Fact]
    public void A_values_column_of_another_length_is_a_format_error()
    {
        byte[] file = CheckpointBytes.Save(new Probe(w => w.WriteMapColumns(
            new Dictionary<int, CurvePoint> { [1] = default, [2] = default }, static (w, k) => w.WritePrimitiveArray(k), static (w, v) => w.WriteRecordColumns(v[..1]))));

        var e = Assert.Throws<CheckpointFormatException>(() => Probe.Read(file, r => { r.ReadMapColumns(new Dictionary<int, CurvePoint>(), static (r, k) => r.ReadPrimitiveColumn<int>(k.Length).CopyTo(k), static (r, v) => r.ReadRecordColumns(v)); return 0; }));
        Assert.Contains("a column holds 1 values, but the collection has 2 elements", e.Message);
    }

    [Fact]
    public void Random_mutations_of_a_file_with_map_columns_behind_recomputed_checksums_throw_only_checkpoint_exceptions()
    {
        byte[] file = CheckpointBytes.Save(Sample());
        byte[] manifest = CheckpointBytes.ManifestOf(file);
        var random = new Random(1404);
        for (int iteration = 0; iteration < 1500; iteration++)
        {
            byte[] crafted = CheckpointBytes.Rebuild(file, manifest: Mutations.Apply(manifest, random, out string how));
            var restore = Record.Exception(() => CheckpointBytes.Restore(new MapHolder(), crafted));
            Assert.True(restore is null or CheckpointException, $"restore, iteration {iteration} ({how}): {restore}");
            var inspect = Record.Exception(() => CheckpointInspector.Inspect(new MemoryStream(crafted)).Render());
            Assert.True(inspect is null or CheckpointException, $"inspect, iteration {iteration} ({how}): {inspect}");
        }
    }
}
