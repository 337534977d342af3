using Xunit;
using System.Collections.Immutable;

namespace CheckpointGen.Tests.Generated;

/// <summary>Every value kind survives a save and restore through generated code.</summary>
public class ValueKindTests
{
    [Fact]
    public void Every_scalar_kind_round_trips_exactly()
    {
        var source = new Scalars
        {
            Flag = true, S8 = -5, U8 = 250, S16 = -30000, U16 = 60000, S32 = int.MinValue, U32 = uint.MaxValue,
            S64 = long.MinValue, U64 = ulong.MaxValue, F16 = (Half)1.5, F32 = float.NaN, F64 = -0.0, Money = 79228162514264337593543950335m,
            Letter = 'λ', Text = "héllo", When = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc), WhenOffset = new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.FromHours(-5)),
            Duration = TimeSpan.FromTicks(123456789), Id = Guid.NewGuid(), Stage = Stage.Warmup, Maybe = 42, Nothing = null,
            MaybeMoments = new Moments { Mean = 2.5, Count = 9 },
        };
        var target = new Scalars { Nothing = 7, Text = "old" };

        RoundTrip.Into(source, target);

        Assert.Equal(source.Flag, target.Flag);
        Assert.Equal((source.S8, source.U8, source.S16, source.U16, source.S32, source.U32, source.S64, source.U64), (target.S8, target.U8, target.S16, target.U16, target.S32, target.U32, target.S64, target.U64));
        Assert.Equal(source.F16, target.F16);
        Assert.True(float.IsNaN(target.F32));
        Assert.True(double.IsNegative(target.F64));
        Assert.Equal(source.Money, target.Money);
        Assert.Equal((source.Letter, source.Text, source.When, source.WhenOffset, source.Duration, source.Id, source.Stage), (target.Letter, target.Text, target.When, target.WhenOffset, target.Duration, target.Id, target.Stage));
        Assert.Equal(DateTimeKind.Utc, target.When.Kind);
        Assert.Equal(42, target.Maybe);
        Assert.Null(target.Nothing);
        Assert.Equal(9, target.MaybeMoments!.Value.Count);
    }

    [Fact]
    public void Arrays_lists_sets_queues_stacks_and_maps_round_trip_in_order()
    {
        var source = new Collections
        {
            Floats = [1.5f, -2f, float.MaxValue],
            Stages = [Stage.Train, Stage.Evaluate],
            Strings = ["a", null, "c"],
            Jagged = [[1, 2], [], [3]],
            Grid = new double[,] { { 1, 2, 3 }, { 4, 5, 6 } },
            Cube = new string[2, 1, 2] { { { "a", "b" } }, { { "c", "d" } } },
            Ints = [5, 6, 7],
            StageList = [Stage.Evaluate],
            Names = ["x", "y"],
            History = new() { ["task1"] = [[1f, 2f], [3f]], ["task2"] = [] },
            Seen = [3, 1, 2],
            Sorted = ["b", "a"],
            Pending = new(["first", "second"]),
            Undo = new([1L, 2L, 3L]),
            Ordered = new() { [2] = "two", [1] = "one" },
            Ranked = new() { ["z"] = 1.0, ["a"] = 2.0 },
            Chain = new([9, 8, 7]),
            MomentList = [new Moments { Mean = 1, Count = 2 }],
        };
        var target = new Collections { Missing = [1] };

        RoundTrip.Into(source, target);

        Assert.Equal(source.Floats, target.Floats);
        Assert.Equal(source.Stages, target.Stages);
        Assert.Equal(source.Strings, target.Strings);
        Assert.Equal(source.Jagged, target.Jagged);
        Assert.Equal(source.Grid, target.Grid);
        Assert.Equal(source.Cube, target.Cube);
        Assert.Equal(source.Ints, target.Ints);
        Assert.Equal(source.StageList, target.StageList);
        Assert.Equal(source.Names, target.Names);
        Assert.Equal(source.History.Keys, target.History.Keys);
        Assert.Equal(source.History["task1"], target.History["task1"]);
        Assert.Empty(target.History["task2"]);
        Assert.Equal(source.Seen, target.Seen);
        Assert.Equal(source.Sorted, target.Sorted);
        Assert.Equal("first", target.Pending.Dequeue());
        Assert.Equal(3L, target.Undo.Pop());
        Assert.Equal(source.Ordered, target.Ordered);
        Assert.Equal(source.Ranked, target.Ranked);
        Assert.Equal(source.Chain, target.Chain);
        Assert.Equal(2, target.MomentList[0].Count);
        Assert.Null(target.Missing);
    }

    [Fact]
    public void Immutable_collections_tuples_pairs_records_and_MemoryPack_values_round_trip()
    {
        var source = new Composites
        {
            Labels = [1, 2, 3],
            Words = ["w1", "w2"],
            List = ["l1"],
            Counts = ImmutableDictionary<string, int>.Empty.Add("a", 1),
            Set = [4, 5],
            SortedMap = ImmutableSortedDictionary<int, string>.Empty.Add(3, "three"),
            SortedSet = ["q", "p"],
            Queue = ImmutableQueue.Create(1, 2, 3),
            Stack = ImmutableStack.Create(1, 2, 3),
            Pair = Tuple.Create(7, "seven"),
            Named = (3, "epoch", 0.25),
            Entry = new("key", [1, 2]),
            TupleList = [("a", 1), ("b", 2)],
            Settings = new PackedSettings { Epochs = 12, Name = "packed" },
            Stats = new Moments { Mean = 0.5, Count = 3 },
        };
        var target = new Composites { NeverSet = [9] };

        RoundTrip.Into(source, target);

        Assert.Equal(source.Labels.ToArray(), target.Labels.ToArray());
        Assert.Equal(source.Words.ToArray(), target.Words.ToArray());
        Assert.True(target.NeverSet.IsDefault);
        Assert.Equal(source.List, target.List);
        Assert.Equal(source.Counts, target.Counts);
        Assert.Equal(source.Set, target.Set);
        Assert.Equal(source.SortedMap, target.SortedMap);
        Assert.Equal(source.SortedSet, target.SortedSet);
        Assert.Equal(source.Queue, target.Queue);
        Assert.Equal(source.Stack, target.Stack);
        Assert.Equal(source.Pair, target.Pair);
        Assert.Equal(source.Named, target.Named);
        Assert.Equal("key", target.Entry.Key);
        Assert.Equal([1, 2], target.Entry.Value);
        Assert.Equal(source.TupleList, target.TupleList);
        Assert.Equal((12, "packed"), (target.Settings!.Epochs, target.Settings.Name));
        Assert.Equal((0.5, 3L), (target.Stats.Mean, target.Stats.Count));
    }
}
