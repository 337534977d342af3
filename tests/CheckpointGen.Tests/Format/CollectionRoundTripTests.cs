using CheckpointGen.Tests.Format.Support;

namespace CheckpointGen.Tests.Format;

/// <summary>Sequences, maps, tuples, multi-dimensional arrays, primitive arrays and MemoryPack values round-trip.</summary>
public sealed class CollectionRoundTripTests
{
    [Fact]
    public void Sequence_of_strings_with_nulls_round_trips()
    {
        string?[] values = ["a", null, "", "ü"];
        var back = Probe.RoundTrip(
            w => { w.BeginSequence(values.Length); foreach (var s in values) w.WriteString(s); },
            r => { int n = r.BeginSequence(); var list = new List<string?>(); for (int i = 0; i < n; i++) list.Add(r.ReadString()); return list; });
        Assert.Equal(values, back);
    }

    [Fact]
    public void Empty_sequence_round_trips() =>
        Assert.Equal(0, Probe.RoundTrip(w => w.BeginSequence(0), r => r.BeginSequence()));

    [Fact]
    public void Nested_sequences_round_trip()
    {
        int[][] jagged = [[1, 2], [], [3]];
        var back = Probe.RoundTrip(
            w => { w.BeginSequence(jagged.Length); foreach (var row in jagged) w.WritePrimitiveArray<int>(row); },
            r => { int n = r.BeginSequence(); var rows = new int[n][]; for (int i = 0; i < n; i++) rows[i] = r.ReadPrimitiveArray<int>(); return rows; });
        Assert.Equal(jagged, back);
    }

    [Fact]
    public void Map_round_trips_keys_and_values()
    {
        var map = new Dictionary<string, long> { ["one"] = 1, ["minus"] = -1, ["max"] = long.MaxValue };
        var back = Probe.RoundTrip(
            w => { w.BeginMap(map.Count); foreach (var (k, v) in map) { w.WriteString(k); w.WriteInt64(v); } },
            r => { int n = r.BeginMap(); var d = new Dictionary<string, long>(); for (int i = 0; i < n; i++) d.Add(r.ReadString()!, r.ReadInt64()); return d; });
        Assert.Equal(map, back);
    }

    [Fact]
    public void Tuple_round_trips()
    {
        var tuple = (1, "two", 3.0);
        var back = Probe.RoundTrip(
            w => { w.BeginTuple(3); w.WriteInt32(tuple.Item1); w.WriteString(tuple.Item2); w.WriteDouble(tuple.Item3); },
            r => { r.BeginTuple(3); return (r.ReadInt32(), r.ReadString(), r.ReadDouble()); });
        Assert.Equal(tuple, back);
    }

    [Fact]
    public void Tuple_of_another_arity_is_a_mismatch()
    {
        byte[] file = CheckpointBytes.Save(new Probe(w => { w.BeginTuple(2); w.WriteInt32(1); w.WriteInt32(2); }));
        var e = Assert.Throws<CheckpointMismatchException>(() => Probe.Read(file, r => { r.BeginTuple(3); return 0; }));
        Assert.Contains("tuple of 2", e.Message);
    }

    [Fact]
    public void Multi_dimensional_primitive_array_round_trips_row_major()
    {
        var grid = new float[2, 3] { { 1, 2, 3 }, { 4, 5, 6 } };
        var back = Probe.RoundTrip(
            w =>
            {
                w.BeginMultiArray([grid.GetLength(0), grid.GetLength(1)]);
                w.WritePrimitiveArray(System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref grid[0, 0], grid.Length));
            },
            r =>
            {
                int[] lengths = r.BeginMultiArray(2);
                var result = new float[lengths[0], lengths[1]];
                var flat = r.ReadPrimitiveSpan<float>();
                for (int i = 0; i < lengths[0]; i++)
                    for (int j = 0; j < lengths[1]; j++)
                        result[i, j] = flat[i * lengths[1] + j];
                return result;
            });
        Assert.Equal(grid, back);
    }

    [Fact]
    public void Multi_dimensional_array_of_strings_round_trips()
    {
        var grid = new string[2, 2] { { "a", "b" }, { "c", "d" } };
        var back = Probe.RoundTrip(
            w => { w.BeginMultiArray([2, 2]); w.BeginSequence(4); foreach (string s in grid) w.WriteString(s); },
            r =>
            {
                int[] lengths = r.BeginMultiArray(2);
                Assert.Equal(lengths[0] * lengths[1], r.BeginSequence());
                var result = new string[lengths[0], lengths[1]];
                for (int i = 0; i < lengths[0]; i++) for (int j = 0; j < lengths[1]; j++) result[i, j] = r.ReadString()!;
                return result;
            });
        Assert.Equal(grid, back);
    }

    [Fact]
    public void Multi_dimensional_array_of_another_rank_is_a_mismatch()
    {
        byte[] file = CheckpointBytes.Save(new Probe(w => { w.BeginMultiArray([1, 1, 1]); w.WritePrimitiveArray<int>([5]); }));
        Assert.Throws<CheckpointMismatchException>(() => Probe.Read(file, r => r.BeginMultiArray(2)));
    }

    [Fact]
    public void Primitive_arrays_of_every_element_type_round_trip()
    {
        AssertArray(new[] { true, false, true });
        AssertArray(new sbyte[] { sbyte.MinValue, 0, sbyte.MaxValue });
        AssertArray(new byte[] { 0, 128, 255 });
        AssertArray(new short[] { short.MinValue, short.MaxValue });
        AssertArray(new ushort[] { 0, ushort.MaxValue });
        AssertArray(new[] { int.MinValue, 0, int.MaxValue });
        AssertArray(new[] { 0u, uint.MaxValue });
        AssertArray(new[] { long.MinValue, long.MaxValue });
        AssertArray(new[] { 0ul, ulong.MaxValue });
        AssertArray(new[] { Half.MinValue, Half.NaN, Half.NegativeZero, Half.Epsilon });
        AssertArray(new[] { float.NaN, -0f, float.MaxValue, float.Epsilon });
        AssertArray(new[] { double.NaN, -0d, double.MinValue, double.Epsilon });
        AssertArray(new[] { decimal.MaxValue, 1.50m });
        AssertArray(new[] { 'a', '\uD800', '\uFFFF' });
        AssertArray(Array.Empty<int>());
        AssertArray(Enumerable.Range(0, 100_000).Select(i => i * 0.5).ToArray());
    }

    private static void AssertArray<T>(T[] values) where T : unmanaged
    {
        var back = Probe.RoundTrip(w => w.WritePrimitiveArray<T>(values), r => r.ReadPrimitiveArray<T>());
        // Bitwise: NaN payloads and -0 must survive.
        Assert.Equal(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray(),
                     System.Runtime.InteropServices.MemoryMarshal.AsBytes(back.AsSpan()).ToArray());
    }

    [Fact]
    public void Primitive_array_of_another_element_type_is_a_mismatch_naming_both()
    {
        byte[] file = CheckpointBytes.Save(new Probe(w => w.WritePrimitiveArray<float>([1f, 2f])));
        var e = Assert.Throws<CheckpointMismatchException>(() => Probe.Read(file, r => r.ReadPrimitiveArray<double>()));
        Assert.Contains("Single", e.Message);
        Assert.Contains("Double", e.Message);
        Assert.Contains("member " + typeof(Probe).FullName!.Replace("+", "+") + ".v", e.Message);
    }

    [Fact]
    public void MemoryPack_value_round_trips()
    {
        var settings = new Settings("run", [1, 2, 3], 0.125, new() { ["a"] = 1 });
        var back = Probe.RoundTrip(w => w.WriteMemoryPack(settings), r => r.ReadMemoryPack<Settings>());
        Assert.NotNull(back);
        Assert.Equal(settings.Name, back.Name);
        Assert.Equal(settings.Steps, back.Steps);
        Assert.Equal(settings.Rate, back.Rate);
        Assert.Equal(settings.Counts, back.Counts);
    }

    [Fact]
    public void Null_MemoryPack_value_round_trips_as_null() =>
        Assert.Null(Probe.RoundTrip(w => w.WriteMemoryPack<Settings>(null), r => r.ReadMemoryPack<Settings>()));
}
