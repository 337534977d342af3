using CheckpointGen.Inspection;
using CheckpointGen.Tests.Format.Support;

namespace CheckpointGen.Tests.Format;

/// <summary>Nested components, shared references, cycles, inline structs and deep chains.</summary>
public sealed class ObjectGraphTests
{
    [Fact]
    public void Nested_object_is_restored_into_the_existing_instance()
    {
        byte[] file = CheckpointBytes.Save(Node.Chain(3));
        var root = new Node { Next = new Node { Next = new Node() } };
        var second = root.Next;
        var third = root.Next.Next;

        var report = CheckpointBytes.Restore(root, file);

        Assert.Same(second, root.Next);
        Assert.Same(third, root.Next.Next);
        Assert.Equal([0, 1, 2], [root.Value, second.Value, third.Value]);
        Assert.Equal("n2", third.Label);
        Assert.Null(third.Next);
        Assert.Equal(3, report.ComponentCount);
        Assert.True(report.IsExact);
    }

    [Fact]
    public void Nested_object_is_created_when_the_member_is_null()
    {
        byte[] file = CheckpointBytes.Save(Node.Chain(3));
        var root = new Node();
        CheckpointBytes.Restore(root, file);
        Assert.Equal(1, root.Next!.Value);
        Assert.Equal(2, root.Next.Next!.Value);
    }

    [Fact]
    public void Null_object_member_is_restored_as_null()
    {
        byte[] file = CheckpointBytes.Save(new Node { Value = 5 });
        var root = new Node { Next = new Node() };
        CheckpointBytes.Restore(root, file);
        Assert.Null(root.Next);
    }

    [Fact]
    public void Shared_reference_is_restored_as_one_object()
    {
        var shared = new Node { Value = 9, Label = "shared" };
        byte[] file = CheckpointBytes.Save(new Pair { Left = shared, Right = shared });

        var restored = new Pair();
        var report = CheckpointBytes.Restore(restored, file);

        Assert.NotNull(restored.Left);
        Assert.Same(restored.Left, restored.Right);
        Assert.Equal(9, restored.Left.Value);
        Assert.Equal(2, report.ComponentCount);
    }

    [Fact]
    public void Shared_reference_into_two_distinct_existing_objects_keeps_the_first_and_shares_it()
    {
        var shared = new Node { Value = 9 };
        byte[] file = CheckpointBytes.Save(new Pair { Left = shared, Right = shared });
        var left = new Node();
        var restored = new Pair { Left = left, Right = new Node() };

        CheckpointBytes.Restore(restored, file);

        Assert.Same(left, restored.Left);
        Assert.Same(left, restored.Right);
    }

    [Fact]
    public void Cycle_is_restored_as_a_cycle()
    {
        var a = new Node { Value = 1 };
        var b = new Node { Value = 2, Next = a };
        a.Next = b;
        byte[] file = CheckpointBytes.Save(a);

        var root = new Node();
        var report = CheckpointBytes.Restore(root, file);

        Assert.Equal(2, root.Next!.Value);
        Assert.Same(root, root.Next.Next);
        Assert.Equal(2, report.ComponentCount);
    }

    [Fact]
    public void Self_reference_is_restored()
    {
        var a = new Node { Value = 1 };
        a.Next = a;
        var root = new Node();
        CheckpointBytes.Restore(root, CheckpointBytes.Save(a));
        Assert.Same(root, root.Next);
    }

    [Fact]
    public void Struct_records_round_trip_inline()
    {
        var point = new Point { X = -0.0, Y = double.NaN, Name = "p" };
        var back = Probe.RoundTrip(w => w.WriteRecord(point), r => r.ReadRecord(new Point()));
        Assert.Equal(BitConverter.DoubleToUInt64Bits(point.X), BitConverter.DoubleToUInt64Bits(back.X));
        Assert.True(double.IsNaN(back.Y));
        Assert.Equal("p", back.Name);
    }

    [Fact]
    public void Sequence_of_struct_records_round_trips()
    {
        Point[] points = [new() { X = 1, Y = 2 }, new() { X = 3, Y = 4, Name = "b" }];
        var back = Probe.RoundTrip(
            w => { w.BeginSequence(points.Length); foreach (var p in points) w.WriteRecord(p); },
            r => { int n = r.BeginSequence(); var list = new Point[n]; for (int i = 0; i < n; i++) list[i] = r.ReadRecord(new Point()); return list; });
        Assert.Equal(points, back);
    }

    [Fact]
    public void Restoring_into_a_different_root_type_is_a_mismatch_naming_both_types()
    {
        byte[] file = CheckpointBytes.Save(Node.Chain(2));
        var e = Assert.Throws<CheckpointMismatchException>(() => CheckpointBytes.Restore(new Pair(), file));
        Assert.Contains(typeof(Node).FullName!, e.Message);
        Assert.Contains(typeof(Pair).FullName!, e.Message);
    }

    [Fact]
    public void Object_of_a_type_that_cannot_be_checkpointed_is_refused_when_saving()
    {
        var e = Assert.Throws<CheckpointException>(() => CheckpointBytes.Save(new Probe(w => w.WriteObject(new object()))));
        Assert.Contains("System.Object", e.Message);
    }

    [Fact]
    public void Deep_chain_of_100000_nodes_saves_without_deepening_the_stack()
    {
        // The writer is breadth-first: saving must not recurse per node.
        byte[] file = CheckpointBytes.Save(Node.Chain(100_000));
        var listing = CheckpointInspector.Inspect(new MemoryStream(file));
        Assert.Equal(100_000, listing.Components.Count);
        Assert.Equal("\"n99999\"", listing.Components[^1].Members.Single(m => m.Key == "label").Value);
    }

    [Fact]
    public void Chain_of_moderate_depth_restores()
    {
        byte[] file = CheckpointBytes.Save(Node.Chain(1_000));
        var root = new Node();
        CheckpointBytes.Restore(root, file);
        var node = root;
        for (int i = 0; i < 999; i++) node = node.Next!;
        Assert.Equal(999, node.Value);
        Assert.Null(node.Next);
    }

    [Fact]
    public void Chain_deeper_than_the_reader_allows_fails_cleanly_instead_of_overflowing_the_stack()
    {
        byte[] file = CheckpointBytes.Save(Node.Chain(100_000));
        // Run on a thread with a small stack: the guard must hold wherever restore runs.
        Exception? caught = null;
        var thread = new Thread(() =>
        {
            try { CheckpointBytes.Restore(new Node(), file); }
            catch (Exception e) { caught = e; }
        }, maxStackSize: 1 << 20);
        thread.Start();
        thread.Join();
        var error = Assert.IsType<CheckpointException>(caught);
        Assert.Contains("nest", error.Message);
    }
}
