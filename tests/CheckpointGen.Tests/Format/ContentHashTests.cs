using CheckpointGen.Format;
using CheckpointGen.Inspection;
using CheckpointGen.Tests.Format.Support;
using CheckpointGen.Writing;

namespace CheckpointGen.Tests.Format;

/// <summary>
/// <see cref="MemberDescription.ContentHash"/>, which <c>checkpointgen diff</c> compares: equal stored
/// values hash alike wherever the writer put them, and an array kept in a block hashes by its bytes.
/// </summary>
public sealed class ContentHashTests
{
    private static IReadOnlyList<MemberDescription> OnlyMember(byte[] file) => CheckpointInspector.Inspect(new MemoryStream(file)).Components[0].Members;

    private static byte[] SaveBlock(double[] values) => CheckpointBytes.Save(new Probe(w => w.WritePrimitiveArray(values)));

    [Fact]
    public void An_array_kept_in_a_block_hashes_by_its_elements_not_by_its_reference()
    {
        var values = Enumerable.Range(0, CheckpointWriter.BlockThresholdBytes / sizeof(double) + 8).Select(i => i * 0.5).ToArray();
        var changed = (double[])values.Clone();
        changed[^1] += 1;

        var first = OnlyMember(SaveBlock(values)).Single();
        var again = OnlyMember(SaveBlock(values)).Single();
        var other = OnlyMember(SaveBlock(changed)).Single();

        Assert.Equal(ValueTag.BlockArray, first.Kind);
        Assert.Equal(first.Value, other.Value); // the same reference: block #0 of the same length and place
        Assert.Equal(first.ContentHash, again.ContentHash);
        Assert.NotEqual(first.ContentHash, other.ContentHash);
    }

    [Fact]
    public void A_member_hashes_alike_stored_as_a_cell_of_object_columns_or_with_its_own_tag()
    {
        RowHolder Holder(bool columns) => new()
        {
            Columns = columns,
            Nodes = [new RowNode { Value = 5, Name = "a", Flag = true }, new RowNode { Value = -3, Name = null, Flag = false }],
        };
        static List<MemberDescription> NodeMembers(byte[] file) =>
            [.. CheckpointInspector.Inspect(new MemoryStream(file)).Components.Where(c => c.TypeName.EndsWith(nameof(RowNode), StringComparison.Ordinal)).SelectMany(c => c.Members)];

        var inColumns = NodeMembers(CheckpointBytes.Save(Holder(columns: true)));
        var tagged = NodeMembers(CheckpointBytes.Save(Holder(columns: false)));

        Assert.Equal(tagged.Select(m => (m.Key, m.Value)), inColumns.Select(m => (m.Key, m.Value)));
        Assert.Equal(tagged.Select(m => m.ContentHash), inColumns.Select(m => m.ContentHash));
        Assert.Equal(inColumns.Count(m => m.Key == "Value"), inColumns.Where(m => m.Key == "Value").Select(m => m.ContentHash).Distinct().Count());
    }
}
