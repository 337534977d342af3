using CheckpointGen.Format;
using CheckpointGen.Inspection;
using CheckpointGen.Tests.Format.Support;

namespace CheckpointGen.Tests.Generated;

/// <summary>Generated code stores dictionaries of structs and objects, and lists of unsealed classes and interfaces, as columns (format 1.4).</summary>
public class MapColumnTests
{
    [Fact]
    public void Dictionaries_of_structs_and_objects_and_lists_of_unsealed_classes_and_interfaces_round_trip()
    {
        var source = Ledger.Sample();
        var target = Ledger.Target();
        var plugin = target.Plugins["counter"];

        var report = RoundTrip.Into(source, target);

        Assert.True(report.IsExact, report.ToString());
        Assert.Equal(source.ById.OrderBy(e => e.Key), target.ById.OrderBy(e => e.Key));
        Assert.Equal(source.ByStage.OrderBy(e => e.Key), target.ByStage.OrderBy(e => e.Key));
        Assert.Equal(["a", "b"], target.ByName.Keys);
        Assert.Equal(new CurvePoint(2, 0.2), target.ByName["b"]);
        var first = target.Tallies[new Guid("11111111-2222-3333-4444-555555555555")];
        var second = target.Tallies[Guid.Empty];
        Assert.Equal((1, "one", 2, "two"), (first.Count, first.Note, second.Count, second.Note));
        Assert.Same(first, second.Previous);
        Assert.Same(second, target.Named["second"]);
        Assert.Same(second, target.Named["again"]);
        Assert.Same(plugin, target.Plugins["counter"]);
        Assert.Equal(4, plugin.Calls);
        Assert.Null(target.Nothing);
        Assert.Equal([1.5, 2.5, 3.5], target.Readings.Select(r => r.Value));
        Assert.Equal(0.5, Assert.IsType<CalibratedReading>(target.Readings[1]).Offset);
        Assert.Equal(typeof(Reading), target.Readings[0].GetType());
        Assert.Equal([7, 8], target.PluginList.Select(p => p.Calls));
    }

    [Fact]
    public void The_file_holds_map_columns_and_object_columns_where_the_values_and_elements_allow_them()
    {
        var listing = CheckpointInspector.Inspect(new MemoryStream(CheckpointBytes.Save(Ledger.Sample())));
        var members = listing.Components[0].Members.ToDictionary(m => m.Key);

        foreach (string map in new[] { "ById", "ByStage", "ByName", "Tallies", "Named", "Plugins" })
            Assert.Equal(ValueTag.MapColumns, members[map].Kind);
        Assert.StartsWith("2 { keys: Int32[2] [3, -7], values: ", members["ById"].Value);
        Assert.StartsWith("2 { keys: Int16[2] [", members["ByStage"].Value);
        Assert.Equal(ValueTag.ObjectColumns, members["Readings"].Kind);
        Assert.Contains($"{typeof(Reading).FullName}[3] rows", members["Readings"].Value);
        Assert.Equal(ValueTag.ObjectColumns, members["PluginList"].Kind);
        Assert.Equal(ValueTag.Null, members["Nothing"].Kind);
    }
}
