using CheckpointGen.Format;
using CheckpointGen.Inspection;
using static CheckpointGen.Tests.Generated.EvolvedColumns;

namespace CheckpointGen.Tests.Generated;

/// <summary>Schema evolution through columns: a member an element type lost is skipped, one it gained keeps its value, each reported once per type.</summary>
public class EvolvedColumnTests
{
    private static OldHolder Saved() => new()
    {
        Rows = [new() { Kept = 1, Removed = "a" }, new() { Kept = 2, Removed = "b" }, new() { Kept = 3, Removed = "c" }],
        Points = new() { [10] = new() { Kept = 100, Removed = 0.5 }, [20] = new() { Kept = 200, Removed = 1.5 } },
        Open = [new() { Kept = 7, Removed = 70 }, new() { Kept = 8, Removed = 80 }],
    };

    [Fact]
    public void Columns_of_element_types_that_lost_and_gained_members_restore_the_kept_ones_and_report_the_others_once()
    {
        var existingRow = new Row { Added = "existing" };
        var target = new Holder { Rows = [existingRow], Points = new() { [10] = new Point { Added = 5 } } };
        byte[] file = Save(Saved());

        var report = Checkpoint.Restore(target, new MemoryStream(file));

        Assert.Equal([1, 2, 3], target.Rows.Select(r => r.Kept));
        Assert.Same(existingRow, target.Rows[0]);
        Assert.Equal(["existing", "constructed", "constructed"], target.Rows.Select(r => r.Added));
        Assert.Equal([(10, 100L, 5), (20, 200L, 0)], target.Points.OrderBy(p => p.Key).Select(p => (p.Key, p.Value.Kept, p.Value.Added)));
        Assert.Equal([(7, -1.0), (8, -1.0)], target.Open.Select(o => (o.Kept, o.Added)));
        Assert.Equal(
            new[] { Key<OldRow>("Removed"), Key<OldPoint>("Removed"), Key<OldOpen>("Removed") }.Order(),
            report.SkippedKeys.Order());
        Assert.Equal(
            new[] { Key<OldRow>("Added"), Key<OldPoint>("Added"), Key<OldOpen>("Added") }.Order(),
            report.MissingKeys.Order());
        var kinds = CheckpointInspector.Inspect(new MemoryStream(file)).Components[0].Members.ToDictionary(m => m.Key, m => m.Kind);
        Assert.Equal((ValueTag.ObjectColumns, ValueTag.MapColumns, ValueTag.ObjectColumns), (kinds["Rows"], kinds["Points"], kinds["Open"]));
    }

    [Fact]
    public void Strict_mode_refuses_a_member_a_column_element_gained()
    {
        var e = Assert.Throws<CheckpointMismatchException>(() =>
            Checkpoint.Restore(new Holder(), new MemoryStream(Save(Saved())), new CheckpointLoadOptions { Strict = true }));

        Assert.Contains(Key<OldRow>("Added"), e.Message);
    }

    private static byte[] Save(object root)
    {
        using var stream = new MemoryStream();
        Checkpoint.Save(root, stream);
        return stream.ToArray();
    }

    private static string Key<T>(string member) => $"{typeof(T).FullName}.{member}";
}
