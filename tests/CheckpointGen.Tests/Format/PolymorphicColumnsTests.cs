using System.Text;
using CheckpointGen.Format;
using CheckpointGen.Inspection;
using CheckpointGen.Tests.Format.Support;

namespace CheckpointGen.Tests.Format;

/// <summary>
/// Object columns for collections whose elements may be of several classes: a list of an unsealed class
/// (its own class as rows, derived objects as components) and a list declared with an interface (the
/// class of its first new element that has columns as rows).
/// </summary>
public sealed class PolymorphicColumnsTests
{
    private static MemberDescription Member(byte[] file, string key) =>
        CheckpointInspector.Inspect(new MemoryStream(file)).Components[0].Members.Single(m => m.Key == key);

    [Fact]
    public void A_list_of_an_unsealed_class_stores_its_own_class_as_rows_and_a_derived_object_as_a_component()
    {
        var a = new OpenRow { Value = 1 };
        var holder = new ObjectsHolder { Items = null, Open = [a, new OpenRowChild { Value = 2, Extra = "x" }, new OpenRow { Value = 3 }, a] };
        byte[] file = CheckpointBytes.Save(holder);
        Assert.StartsWith($"{typeof(OpenRow).FullName}[4] rows #1…#2 {{ Value: Int32[2] [1, 3] }}", Member(file, "Open").Value);

        var restored = new ObjectsHolder { Items = null, Open = [null!, new OpenRowChild(), null!] };
        var report = CheckpointBytes.Restore(restored, file);

        var open = restored.Open!;
        Assert.Equal([1, 2, 3, 1], open.Select(o => o.Value));
        Assert.Same(open[0], open[3]);
        Assert.Equal("x", Assert.IsType<OpenRowChild>(open[1]).Extra);
        Assert.All(open, o => Assert.Equal(1, o.RestoredCount));
        Assert.Equal(1 + 3, report.ComponentCount);
    }

    [Fact]
    public void A_derived_object_in_a_base_class_list_needs_an_instance_to_restore_into()
    {
        byte[] file = CheckpointBytes.Save(new ObjectsHolder { Items = null, Open = [new OpenRowChild { Value = 2 }] });

        var e = Assert.Throws<CheckpointMismatchException>(() => CheckpointBytes.Restore(new ObjectsHolder { Items = null, Open = null }, file));
        Assert.Contains(typeof(OpenRowChild).FullName!, e.Message);
    }

    [Fact]
    public void A_list_declared_with_an_interface_stores_the_class_of_its_first_new_element_as_rows()
    {
        var node = new RowNode { Value = 7, Name = "seven" };
        var holder = new ObjectsHolder { Items = [new OpenRow { Value = 5 }, node, new RowNode { Value = 8 }, node, new OpenRowChild { Value = 9 }] };
        byte[] file = CheckpointBytes.Save(holder);
        Assert.StartsWith($"{typeof(OpenRow).FullName}[5] rows #1…#1 {{ Value: Int32[1] [5] }}", Member(file, "Items").Value);

        var live = new List<ICheckpointable> { new OpenRow(), new RowNode(), new RowNode(), new RowNode(), new OpenRowChild() };
        var kept = live.ToArray();
        var restored = new ObjectsHolder { Items = live };
        CheckpointBytes.Restore(restored, file);

        var items = restored.Items!;
        Assert.Same(kept[0], items[0]);
        Assert.Same(kept[1], items[1]);
        Assert.Same(items[1], items[3]);
        Assert.Equal(5, ((OpenRow)items[0]).Value);
        Assert.Equal((7, "seven"), (((RowNode)items[1]).Value, ((RowNode)items[1]).Name));
        Assert.Equal(8, ((RowNode)items[2]).Value);
        Assert.Equal(9, ((OpenRowChild)items[4]).Value);
    }

    [Fact]
    public void A_list_declared_with_an_interface_creates_rows_of_a_class_one_of_its_elements_has()
    {
        byte[] file = CheckpointBytes.Save(new ObjectsHolder { Items = [new OpenRow { Value = 5 }, new OpenRow { Value = 6 }] });
        var live = new OpenRow();

        var restored = new ObjectsHolder { Items = [null!, live] };
        CheckpointBytes.Restore(restored, file);

        Assert.Same(live, restored.Items![1]);
        Assert.Equal([5, 6], restored.Items.Select(i => ((OpenRow)i).Value));
        Assert.Equal(typeof(OpenRow), restored.Items[0].GetType());
    }

    [Fact]
    public void A_list_declared_with_an_interface_without_an_element_of_the_rows_class_is_a_mismatch()
    {
        byte[] file = CheckpointBytes.Save(new ObjectsHolder { Items = [new OpenRow { Value = 5 }, new OpenRow { Value = 6 }] });

        var empty = Assert.Throws<CheckpointMismatchException>(() => CheckpointBytes.Restore(new ObjectsHolder { Items = [] }, file));
        Assert.Contains($"element 0 is a {typeof(OpenRow).FullName}", empty.Message);
        Assert.Contains("cannot be created", empty.Message);
        var other = Assert.Throws<CheckpointMismatchException>(() => CheckpointBytes.Restore(new ObjectsHolder { Items = [new RowNode(), new OpenRow()] }, file));
        Assert.Contains($"element 0 was saved from a {typeof(OpenRow).FullName}, but the object restored into it is a {typeof(RowNode).FullName}", other.Message);
    }

    [Fact]
    public void A_list_declared_with_an_interface_whose_new_elements_have_no_columns_is_a_sequence_of_references()
    {
        byte[] file = CheckpointBytes.Save(new ObjectsHolder { Items = [new Node { Value = 1 }, null!, new Node { Value = 2 }] });
        Assert.Equal(ValueTag.Sequence, Member(file, "Items").Kind);

        var restored = new ObjectsHolder { Items = [new Node(), null!, new Node()] };
        CheckpointBytes.Restore(restored, file);

        Assert.Null(restored.Items![1]);
        Assert.Equal([1, 2], new[] { restored.Items[0], restored.Items[2] }.Select(n => ((Node)n).Value));
    }

    [Fact]
    public void Code_that_reads_an_interface_list_one_object_at_a_time_gets_each_object_from_its_row()
    {
        var node = new RowNode { Value = 3, Flag = true };
        byte[] file = CheckpointBytes.Save(new ObjectsHolder { Items = [node, new OpenRow { Value = 4 }, node] });

        var restored = new ObjectsHolder { Items = [new RowNode(), new OpenRow(), new RowNode()], ReadOneByOne = true };
        var report = CheckpointBytes.Restore(restored, file);

        Assert.Equal((3, true), (((RowNode)restored.Items![0]).Value, ((RowNode)restored.Items[0]).Flag));
        Assert.Same(restored.Items[0], restored.Items[2]);
        Assert.Equal(4, ((OpenRow)restored.Items[1]).Value);
        Assert.True(report.IsExact);
    }

    [Fact]
    public void Rows_of_a_class_without_columns_in_the_reading_code_are_restored_one_at_a_time()
    {
        // Renaming RowNode to RowLeaf (same length) in the string table makes the rows RowLeaf's, a class the reading code has no columns for.
        var b = new RowNode { Value = 2, Name = "b" };
        byte[] file = CheckpointBytes.Save(new ObjectsHolder { Items = [new RowNode { Value = 1, Name = "a", Next = b }, b, new RowNode { Value = 3, Flag = true }] });
        byte[] manifest = CheckpointBytes.ManifestOf(file);
        byte[] from = Encoding.UTF8.GetBytes(typeof(RowNode).FullName!), to = Encoding.UTF8.GetBytes(typeof(RowLeaf).FullName!);
        int at = manifest.AsSpan().IndexOf(from);
        to.CopyTo(manifest, at);
        byte[] renamed = CheckpointBytes.Rebuild(file, manifest: manifest);

        var restored = new ObjectsHolder { Items = [new RowLeaf(), new RowLeaf(), new RowLeaf()] };
        var report = CheckpointBytes.Restore(restored, renamed);

        var leaves = restored.Items!.Cast<RowLeaf>().ToArray();
        Assert.Equal([1, 2, 3], leaves.Select(l => l.Value));
        Assert.Equal(["a", "b", null], leaves.Select(l => l.Name));
        Assert.Same(leaves[1], leaves[0].Next);
        Assert.True(leaves[2].Flag);
        Assert.True(report.IsExact, report.ToString());
    }

    [Fact]
    public void Random_mutations_of_a_file_with_polymorphic_columns_behind_recomputed_checksums_throw_only_checkpoint_exceptions()
    {
        var node = new RowNode { Value = 7 };
        byte[] file = CheckpointBytes.Save(new ObjectsHolder
        {
            Items = [new OpenRow { Value = 1 }, node, null!, new OpenRowChild { Value = 2 }, node, new OpenRow { Value = 3 }],
            Open = [new OpenRow { Value = 4 }, new OpenRowChild { Value = 5, Extra = "e" }],
        });
        byte[] manifest = CheckpointBytes.ManifestOf(file);
        var random = new Random(1405);
        for (int iteration = 0; iteration < 1500; iteration++)
        {
            byte[] mutated = (byte[])manifest.Clone();
            for (int flips = random.Next(1, 4); flips > 0; flips--) mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
            byte[] crafted = CheckpointBytes.Rebuild(file, manifest: mutated);
            foreach (bool oneByOne in new[] { false, true })
            {
                var target = new ObjectsHolder
                {
                    Items = [new OpenRow(), new RowNode(), null!, new OpenRowChild(), new RowNode(), new OpenRow()],
                    Open = [new OpenRow(), new OpenRowChild()],
                    ReadOneByOne = oneByOne,
                };
                var restore = Record.Exception(() => CheckpointBytes.Restore(target, crafted));
                Assert.True(restore is null or CheckpointException, $"restore (one by one: {oneByOne}), iteration {iteration}: {restore}");
            }
            var inspect = Record.Exception(() => CheckpointInspector.Inspect(new MemoryStream(crafted)).Render());
            Assert.True(inspect is null or CheckpointException, $"inspect, iteration {iteration}: {inspect}");
        }
    }
}
