using System.Buffers.Binary;
using CheckpointGen.Format;
using CheckpointGen.Inspection;
using CheckpointGen.Tests.Format.Support;

namespace CheckpointGen.Tests.Format;

/// <summary>
/// Object columns (format 1.3): a list of a sealed checkpointable class stored column by column,
/// each object keeping its identity wherever it is met first.
/// </summary>
public sealed class ObjectColumnsTests
{
    private static RowNode Node(int value, string? name = null, RowNode? next = null) => new() { Value = value, Name = name ?? $"n{value}", Next = next };

    private static RowHolder RestoreFresh(byte[] file, out RestoreReport report)
    {
        var restored = new RowHolder { Nodes = null };
        report = CheckpointBytes.Restore(restored, file);
        return restored;
    }

    [Fact]
    public void Columns_keep_values_nulls_and_an_object_listed_twice_as_one_object()
    {
        var a = Node(1, next: null);
        var b = Node(2);
        b.Name = null;
        a.Next = b;
        var holder = new RowHolder { Nodes = [a, null!, b, a] };

        var restored = RestoreFresh(CheckpointBytes.Save(holder), out var report);

        var nodes = restored.Nodes!;
        Assert.Equal(4, nodes.Count);
        Assert.Null(nodes[1]);
        Assert.Same(nodes[0], nodes[3]);
        Assert.Same(nodes[2], nodes[0].Next);
        Assert.Equal((1, "n1"), (nodes[0].Value, nodes[0].Name));
        Assert.Equal((2, (string?)null), (nodes[2].Value, nodes[2].Name));
        Assert.All(new[] { nodes[0], nodes[2] }, n => Assert.Equal(1, n.RestoredCount));
        Assert.Equal(1 + 2, report.ComponentCount);
    }

    [Fact]
    public void An_object_of_the_list_reached_first_through_an_earlier_member_is_restored_from_its_row()
    {
        // Written breadth-first, b becomes a row of the list's group; read depth-first, First.Next
        // reaches b before the list does.
        var b = Node(2);
        var holder = new RowHolder { First = Node(9, next: b), Nodes = [Node(1), b] };

        var restored = RestoreFresh(CheckpointBytes.Save(holder), out _);

        Assert.Same(restored.First!.Next, restored.Nodes![1]);
        Assert.Equal((2, "n2"), (restored.Nodes[1].Value, restored.Nodes[1].Name));
        Assert.Equal(1, restored.Nodes[1].RestoredCount);
        Assert.Equal((1, "n1"), (restored.Nodes[0].Value, restored.Nodes[0].Name));
    }

    [Fact]
    public void A_chain_of_rows_reached_through_an_earlier_member_is_restored_row_by_row()
    {
        var c = Node(3);
        var b = Node(2, next: c);
        var holder = new RowHolder { First = Node(9, next: b), Nodes = [Node(1, next: b), b, c] };

        var restored = RestoreFresh(CheckpointBytes.Save(holder), out _);

        var nodes = restored.Nodes!;
        Assert.Same(restored.First!.Next, nodes[1]);
        Assert.Same(nodes[1], nodes[0].Next);
        Assert.Same(nodes[2], nodes[1].Next);
        Assert.Equal([1, 2, 3], nodes.Select(n => n.Value));
        Assert.All(nodes, n => Assert.Equal(1, n.RestoredCount));
    }

    [Fact]
    public void Elements_are_restored_into_the_existing_instances_of_the_list()
    {
        byte[] file = CheckpointBytes.Save(new RowHolder { Nodes = [Node(1), Node(2), Node(3)] });
        var kept = Node(0);
        var live = new RowHolder { Nodes = [kept, Node(0), Node(0), Node(0), Node(0)] };

        CheckpointBytes.Restore(live, file);

        Assert.Equal(3, live.Nodes!.Count);
        Assert.Same(kept, live.Nodes[0]);
        Assert.Equal([1, 2, 3], live.Nodes.Select(n => n.Value));
    }

    [Fact]
    public void A_list_saved_as_a_sequence_of_object_references_is_read_by_the_column_reader()
    {
        var b = Node(2);
        var holder = new RowHolder { Columns = false, First = b, Nodes = [Node(1), b, null!] };
        byte[] file = CheckpointBytes.Save(holder);
        Assert.Equal(ValueTag.Sequence, CheckpointInspector.Inspect(new MemoryStream(file)).Components[0].Members[1].Kind);

        var restored = RestoreFresh(file, out _);

        Assert.Equal(3, restored.Nodes!.Count);
        Assert.Same(restored.First, restored.Nodes[1]);
        Assert.Null(restored.Nodes[2]);
        Assert.Equal([1, 2], restored.Nodes.Take(2).Select(n => n.Value));
    }

    [Fact]
    public void Code_that_reads_the_list_one_object_at_a_time_gets_each_object_from_its_row()
    {
        // What code for a class that is no longer sealed (or a List<T?>, a queue) does with a file written with columns.
        var b = Node(2);
        b.Flag = true;
        var a = Node(1, next: b);
        var holder = new RowHolder { First = Node(9, next: b), Nodes = [a, null!, b, a, Node(3)] };
        byte[] file = CheckpointBytes.Save(holder);

        var restored = new RowHolder { Nodes = null, ReadOneByOne = true };
        var report = CheckpointBytes.Restore(restored, file);

        var nodes = restored.Nodes!;
        Assert.Equal([1, 0, 2, 1, 3], nodes.Select(n => n?.Value ?? 0));
        Assert.Same(nodes[0], nodes[3]);
        Assert.Same(nodes[2], nodes[0].Next);
        Assert.Same(restored.First!.Next, nodes[2]);
        Assert.Equal([false, true, false], new[] { nodes[0], nodes[2], nodes[4] }.Select(n => n.Flag));
        Assert.Equal(["n1", "n2", "n3"], new[] { nodes[0], nodes[2], nodes[4] }.Select(n => n.Name));
        Assert.All(new[] { nodes[0], nodes[2], nodes[4] }, n => Assert.Equal(1, n.RestoredCount));
        Assert.True(report.IsExact);
    }

    [Fact]
    public void The_inspector_shows_the_group_with_its_rows_and_every_element_as_a_reference()
    {
        var a = Node(1);
        byte[] file = CheckpointBytes.Save(new RowHolder { First = a, Nodes = [a, Node(2), Node(3)] });

        var listing = CheckpointInspector.Inspect(new MemoryStream(file));
        var member = listing.Components[0].Members[1];

        Assert.Equal(ValueTag.ObjectColumns, member.Kind);
        Assert.StartsWith($"{typeof(RowNode).FullName}[3] rows #2…#3 {{ Value: Int32[2] [2, 3], Name: 2 [\"n2\", \"n3\"]", member.Value);
        Assert.Equal([1, 2, 3], member.ObjectRefs);
        Assert.Equal(4, listing.Components.Count);
        // A row is listed as a component with its values from the columns.
        var row = listing.Components[3];
        Assert.Equal(typeof(RowNode).FullName, row.TypeName);
        Assert.Equal(["Value", "Name", "Flag", "Next"], row.Members.Select(m => m.Key));
        Assert.Equal(["3", "\"n3\"", "false", "null"], row.Members.Select(m => m.Value));
        Assert.Equal(ValueTag.Int32, row.Members[0].Kind);
    }

    [Fact]
    public void Rows_out_of_order_are_a_format_error()
    {
        byte[] file = CheckpointBytes.Save(new RowHolder { Nodes = [Node(10), Node(20)] });
        // The element ids 1, 2 (Int32) become 2, 1.
        byte[] damaged = WithManifestBytesReplaced(file, Ids(1, 2), Ids(2, 1));

        var e = Assert.Throws<CheckpointFormatException>(() => RestoreFresh(damaged, out _));
        Assert.Contains("element 0 is row 1, but the next new row is 0", e.Message);
    }

    [Fact]
    public void A_group_whose_rows_disagree_with_the_row_group_table_is_a_format_error()
    {
        byte[] file = CheckpointBytes.Save(new RowHolder { Nodes = [Node(1), Node(2)] });
        // first id 1, row count 2, then the Int32 id array: the group now claims one row.
        byte[] damaged = WithManifestBytesReplaced(file, [1, 2, (byte)ValueTag.PrimitiveArray, (byte)ValueTag.Int32], [1, 1, (byte)ValueTag.PrimitiveArray, (byte)ValueTag.Int32]);

        var e = Assert.Throws<CheckpointFormatException>(() => RestoreFresh(damaged, out _));
        Assert.Contains("row-group table does not list rows 1+1", e.Message);
    }

    [Fact]
    public void An_element_id_beyond_the_components_is_a_format_error()
    {
        byte[] file = CheckpointBytes.Save(new RowHolder { Nodes = [Node(10), Node(20)] });
        byte[] damaged = WithManifestBytesReplaced(file, Ids(1, 2), Ids(1, 70));

        var e = Assert.Throws<CheckpointFormatException>(() => RestoreFresh(damaged, out _));
        Assert.Contains("refers to component 70", e.Message);
    }

    [Fact]
    public void An_array_of_rows_reuses_the_existing_array_when_its_length_matches()
    {
        var nodes = new[] { Node(1), Node(2) };
        byte[] file = CheckpointBytes.Save(new Probe(w => w.WriteObjectColumns<RowNode>(nodes)));
        var existing = new[] { Node(0), Node(0) };
        var first = existing[0];

        var same = Probe.Read(file, r => r.ReadObjectArray(existing));
        var fresh = Probe.Read(file, r => r.ReadObjectArray<RowNode>(null));

        Assert.Same(existing, same);
        Assert.Same(first, same![0]);
        Assert.Equal([1, 2], same.Select(n => n.Value));
        Assert.Equal([1, 2], fresh!.Select(n => n.Value));
    }

    [Fact]
    public void SkipValue_steps_over_values_of_every_kind_without_restoring_the_objects_they_refer_to()
    {
        var referenced = Node(5);
        byte[] file = CheckpointBytes.Save(new Probe(w =>
        {
            w.BeginSequence(6);
            w.WriteObject(referenced);
            w.WritePrimitiveArray(new float[1000]);
            w.BeginMap(1); w.WriteString("k"); w.WriteGuid(Guid.NewGuid());
            w.WriteObjectColumns<RowNode>(new[] { Node(1), referenced });
            w.WriteDateTime(DateTime.UnixEpoch);
            w.WriteInt32(42);
        }));

        var (last, report) = Probe.Read(file, r =>
        {
            Assert.Equal(6, r.BeginSequence());
            for (int i = 0; i < 5; i++) r.SkipValue();
            return (r.ReadInt32(), r.Report.ComponentCount);
        });

        Assert.Equal(42, last);
        Assert.Equal(0, report);
    }

    [Fact]
    public void Random_mutations_of_a_file_with_object_columns_behind_recomputed_checksums_throw_only_checkpoint_exceptions_whichever_way_it_is_read()
    {
        var b = Node(2);
        byte[] file = CheckpointBytes.Save(new RowHolder { First = Node(9, next: b), Nodes = [Node(1, next: b), b, null!, b] });
        byte[] manifest = CheckpointBytes.ManifestOf(file);
        var random = new Random(1303);
        for (int iteration = 0; iteration < 4000; iteration++)
        {
            byte[] mutated = (byte[])manifest.Clone();
            for (int flips = random.Next(1, 4); flips > 0; flips--) mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
            byte[] crafted = CheckpointBytes.Rebuild(file, manifest: mutated);
            var restore = Record.Exception(() => RestoreFresh(crafted, out _));
            Assert.True(restore is null or CheckpointException, $"restore, iteration {iteration}: {restore}");
            // The same file read one object at a time: the columns expanded into references, each row rebuilt.
            var oneByOne = Record.Exception(() => CheckpointBytes.Restore(new RowHolder { Nodes = null, ReadOneByOne = true }, crafted));
            Assert.True(oneByOne is null or CheckpointException, $"restore one by one, iteration {iteration}: {oneByOne}");
            var inspect = Record.Exception(() => CheckpointInspector.Inspect(new MemoryStream(crafted)).Render());
            Assert.True(inspect is null or CheckpointException, $"inspect, iteration {iteration}: {inspect}");
        }
    }

    private static byte[] Ids(params int[] ids)
    {
        var bytes = new byte[ids.Length * 4];
        for (int i = 0; i < ids.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), ids[i]);
        return bytes;
    }

    /// <summary>The file with the one occurrence of <paramref name="find"/> in its manifest replaced (same length), checksums recomputed.</summary>
    private static byte[] WithManifestBytesReplaced(byte[] file, byte[] find, byte[] replacement)
    {
        byte[] manifest = CheckpointBytes.ManifestOf(file);
        int at = manifest.AsSpan().IndexOf(find);
        Assert.True(at >= 0 && manifest.AsSpan(at + 1).IndexOf(find) < 0, "the bytes to replace must occur once in the manifest");
        replacement.CopyTo(manifest, at);
        return CheckpointBytes.Rebuild(file, manifest: manifest);
    }
}
