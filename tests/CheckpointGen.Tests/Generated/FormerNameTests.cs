using static CheckpointGen.Tests.Generated.Renamed;

namespace CheckpointGen.Tests.Generated;

/// <summary>A type renamed or moved to another namespace still restores checkpoints saved under a name given by [CheckpointFormerName].</summary>
public class FormerNameTests
{
    private static OldHolder Saved() => new()
    {
        Count = 3,
        Points = [new() { Step = 1, Value = 0.5 }, new() { Step = 2, Value = -1 }],
        Node = new OldNode { Label = "kept" },
    };

    [Fact]
    public void A_component_a_record_column_and_a_nested_object_saved_under_former_names_restore()
    {
        var target = new Holder();

        var report = RoundTrip.Into(Saved(), target);

        Assert.True(report.IsExact);
        Assert.Equal(3, target.Count);
        Assert.Equal([(1L, 0.5), (2L, -1.0)], target.Points.Select(p => (p.Step, p.Value)));
        Assert.Equal("kept", target.Node?.Label);
    }

    [Fact]
    public void A_type_without_that_former_name_is_still_refused_naming_both_types()
    {
        var error = Assert.Throws<CheckpointMismatchException>(() => RoundTrip.Into(Saved(), new Stranger()));

        Assert.Contains("Renamed+OldHolder", error.Message);
        Assert.Contains("Renamed+Stranger", error.Message);
    }
}
