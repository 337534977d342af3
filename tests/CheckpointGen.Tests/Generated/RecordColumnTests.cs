using CheckpointGen.Format;
using CheckpointGen.Inspection;
using CheckpointGen.Tests.Format.Support;
using Xunit;

namespace CheckpointGen.Tests.Generated;

/// <summary>Lists and arrays of [Checkpointable] structs are stored column by column and restored exactly.</summary>
public class RecordColumnTests
{
    private static string Text(CurveStore s) => string.Join(" | ",
        string.Join(",", s.Points), string.Join(",", s.Window),
        string.Join(";", s.Curves.OrderBy(c => c.Key).Select(c => c.Key + "=" + string.Join(",", c.Value))),
        string.Join(",", s.Frozen.Select(f => $"{f} {f.StageValue}")),
        string.Join(",", s.Labelled.Select(l => $"{l.Label ?? "null"}/{l.Point}/{l.Flag}")),
        s.Empty.Count, string.Join(",", s.Single), s.Nothing is null ? "null" : "list", s.Markers.Count,
        string.Join(",", s.Immutable), s.NeverSet.IsDefault);

    [Fact]
    public void Lists_arrays_and_dictionaries_of_structs_round_trip_exactly()
    {
        var source = CurveStore.Sample();
        var target = new CurveStore { Nothing = [new(1, 1)], Immutable = [], NeverSet = [new(2, 2)] };

        var report = RoundTrip.Into(source, target);

        Assert.Equal(Text(source), Text(target));
        Assert.Empty(report.MissingKeys);
        Assert.Empty(report.SkippedKeys);
        Assert.True(double.IsNaN(target.Points[2].Value));
        Assert.Equal(Stage.Evaluate, target.Frozen[0].StageValue);
    }

    [Fact]
    public void Collections_of_structs_are_listed_as_record_columns_and_members_without_columns_as_records()
    {
        var listing = CheckpointInspector.Inspect(new MemoryStream(CheckpointBytes.Save(CurveStore.Sample())));
        var members = listing.Components[0].Members.ToDictionary(m => m.Key);

        Assert.Equal(ValueTag.RecordColumns, members["Points"].Kind);
        Assert.Equal(ValueTag.RecordColumns, members["Window"].Kind);
        Assert.Equal(ValueTag.RecordColumns, members["Empty"].Kind);
        Assert.Equal(ValueTag.RecordColumns, members["Immutable"].Kind);
        Assert.Equal($"{typeof(CurvePoint).FullName}[3] {{ Step: Int64[3] [0, 50, 100], Value: Double[3] [0.5, 0.25, NaN] }}", members["Points"].Value);
        Assert.StartsWith($"{typeof(LabelledPoint).FullName}[3] {{ Label: 3 [\"a\", \"\", null], Point: 3 [{typeof(CurvePoint).FullName} {{", members["Labelled"].Value);
        // A struct that saves no members has no columns to bound its element count: a sequence of records.
        Assert.Equal(ValueTag.Sequence, members["Markers"].Kind);
        Assert.Equal(ValueTag.Null, members["Nothing"].Kind);
    }

    [Fact]
    public void A_column_stores_each_value_once_without_per_element_keys()
    {
        var store = new CurveStore { Points = Enumerable.Range(0, 1000).Select(i => new CurvePoint(i, i * 0.5)).ToList() };
        var empty = new CurveStore();

        int growth = CheckpointBytes.ManifestOf(CheckpointBytes.Save(store)).Length - CheckpointBytes.ManifestOf(CheckpointBytes.Save(empty)).Length;

        // 1000 × (8 + 8) bytes of values; a record per element took about 34 bytes each.
        Assert.InRange(growth, 16_000, 16_100);
    }

    [Fact]
    public void Lists_are_refilled_in_place_and_arrays_of_the_same_length_reused()
    {
        var source = CurveStore.Sample();
        var longer = new List<CurvePoint> { new(9, 9), new(9, 9), new(9, 9), new(9, 9), new(9, 9) };
        var shorter = new List<CurvePoint> { new(8, 8) };
        var window = new CurvePoint[2];
        var target = new CurveStore { Points = longer, Curves = { ["loss"] = shorter }, Window = window };

        RoundTrip.Into(source, target);

        Assert.Same(longer, target.Points);
        Assert.Equal(source.Points, target.Points);
        Assert.Same(shorter, target.Curves["loss"]);
        Assert.Equal(source.Curves["loss"], target.Curves["loss"]);
        Assert.Same(window, target.Window);
        Assert.Equal(source.Window, window);
    }

    [Fact]
    public void The_restored_hook_runs_for_every_element_after_its_columns_are_read()
    {
        var source = new NormalizedList { Items = [new() { Raw = 4 }, new() { Raw = 10 }] };
        var target = new NormalizedList();

        RoundTrip.Into(source, target);

        Assert.Equal([2.0, 5.0], target.Items.Select(i => i.Half));
    }

    [Fact]
    public void Damaged_columns_behind_recomputed_checksums_restore_or_throw_a_checkpoint_exception()
    {
        byte[] file = CheckpointBytes.Save(new CurveStore { Points = [new(1, 0.5), new(2, 0.25)], Labelled = [new() { Label = "x" }] });
        byte[] manifest = CheckpointBytes.ManifestOf(file);
        foreach (byte replacement in new byte[] { 0, 1, 0x7F, 0xFF })
        {
            for (int at = 0; at < manifest.Length; at++)
            {
                byte[] damaged = (byte[])manifest.Clone();
                damaged[at] = replacement;
                byte[] crafted = CheckpointBytes.Rebuild(file, manifest: damaged);
                var restore = Record.Exception(() => CheckpointBytes.Restore(new CurveStore(), crafted));
                Assert.True(restore is null or CheckpointException, $"restore, byte {at} = {replacement}: {restore}");
                var inspect = Record.Exception(() => CheckpointInspector.Inspect(new MemoryStream(crafted)).Render());
                Assert.True(inspect is null or CheckpointException, $"inspect, byte {at} = {replacement}: {inspect}");
            }
        }
    }

    [Fact]
    public void Truncated_columns_are_a_format_error()
    {
        byte[] file = CheckpointBytes.Save(new CurveStore { Points = [new(1, 0.5), new(2, 0.25)] });
        byte[] manifest = CheckpointBytes.ManifestOf(file);
        for (int length = 0; length < manifest.Length; length++)
        {
            byte[] crafted = CheckpointBytes.Rebuild(file, manifest: manifest[..length]);
            Assert.ThrowsAny<CheckpointException>(() => CheckpointBytes.Restore(new CurveStore(), crafted));
        }
    }
}
