using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CheckpointGen.Format;
using CheckpointGen.Inspection;
using CheckpointGen.Reading;
using CheckpointGen.Tests.Format.Support;
using CheckpointGen.Writing;
using MemoryPack;

namespace CheckpointGen.Tests.Format;

/// <summary>
/// Large primitive arrays are stored as blocks in the data region (format 1.2): they round-trip
/// for every element kind and every kind of source, are checked against their hash and the block
/// table before use, and fill an existing array of the right length in place.
/// </summary>
public sealed class BlockArrayTests
{
    private const int Threshold = CheckpointWriter.BlockThresholdBytes;

    /// <summary>How a test reads a file: a byte array behind a non-exposed MemoryStream, an exposed MemoryStream buffer (read in place), or a file.</summary>
    public enum SourceKind { Stream, ExposedBuffer, File }

    private static T Restore<T>(byte[] file, SourceKind kind, Func<CheckpointReader, T> read)
    {
        T result = default!;
        var probe = new Probe(read: r => result = read(r));
        switch (kind)
        {
            case SourceKind.Stream:
                CheckpointBytes.Restore(probe, file);
                break;
            case SourceKind.ExposedBuffer:
                var exposed = new MemoryStream();
                exposed.Write(file);
                exposed.Position = 0;
                Assert.True(exposed.TryGetBuffer(out _));
                Checkpoint.Restore(probe, exposed);
                break;
            default:
                string path = CorruptionTests.WriteTemp(file);
                try { Checkpoint.Restore(probe, path); }
                finally { System.IO.File.Delete(path); }
                break;
        }
        return result;
    }

    private static byte[] SaveArray<T>(T[] values) where T : unmanaged =>
        CheckpointBytes.Save(new Probe(w => w.WritePrimitiveArray(values)));

    private static ValueTag StoredKind(byte[] file) =>
        CheckpointInspector.Inspect(new MemoryStream(file)).Components[0].Members.Single().Kind;

    private static T[] Pattern<T>(int count) where T : unmanaged
    {
        var values = new T[count];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(i * 7 + 3);
        if (typeof(T) == typeof(bool)) bytes.Fill(1);
        if (typeof(T) == typeof(decimal))
        {
            // Decimal flags must be valid: scale 0..28, reserved bits clear.
            var decimals = MemoryMarshal.Cast<T, decimal>(values.AsSpan());
            for (int i = 0; i < decimals.Length; i++) decimals[i] = i * 1.25m - 17;
        }
        return values;
    }

    [Theory]
    [InlineData(SourceKind.Stream)]
    [InlineData(SourceKind.ExposedBuffer)]
    [InlineData(SourceKind.File)]
    public void Arrays_just_below_and_at_the_threshold_round_trip_inline_and_as_a_block(SourceKind kind)
    {
        var below = Pattern<float>(Threshold / sizeof(float) - 1);
        var at = Pattern<float>(Threshold / sizeof(float));
        byte[] belowFile = SaveArray(below), atFile = SaveArray(at);

        Assert.Equal(ValueTag.PrimitiveArray, StoredKind(belowFile));
        Assert.Equal(ValueTag.BlockArray, StoredKind(atFile));
        Assert.Equal(below, Restore(belowFile, kind, r => r.ReadPrimitiveArray<float>(null)));
        Assert.Equal(at, Restore(atFile, kind, r => r.ReadPrimitiveArray<float>(null)));
        Assert.Equal(at, Restore(atFile, kind, r => r.ReadPrimitiveSpan<float>().ToArray()));
        Assert.Equal(at, Restore(atFile, kind, r => r.ReadPrimitiveArray<float>()));
    }

    [Theory]
    [InlineData(SourceKind.Stream)]
    [InlineData(SourceKind.ExposedBuffer)]
    [InlineData(SourceKind.File)]
    public void Every_primitive_element_kind_round_trips_as_a_block(SourceKind kind)
    {
        AssertBlockRoundTrip<bool>(kind);
        AssertBlockRoundTrip<sbyte>(kind);
        AssertBlockRoundTrip<byte>(kind);
        AssertBlockRoundTrip<short>(kind);
        AssertBlockRoundTrip<ushort>(kind);
        AssertBlockRoundTrip<int>(kind);
        AssertBlockRoundTrip<uint>(kind);
        AssertBlockRoundTrip<long>(kind);
        AssertBlockRoundTrip<ulong>(kind);
        AssertBlockRoundTrip<Half>(kind);
        AssertBlockRoundTrip<float>(kind);
        AssertBlockRoundTrip<double>(kind);
        AssertBlockRoundTrip<decimal>(kind);
        AssertBlockRoundTrip<char>(kind);
    }

    private static void AssertBlockRoundTrip<T>(SourceKind kind) where T : unmanaged
    {
        var values = Pattern<T>(Threshold / Unsafe.SizeOf<T>() + 5);
        byte[] file = SaveArray(values);
        Assert.Equal(ValueTag.BlockArray, StoredKind(file));
        var restored = Restore(file, kind, r => r.ReadPrimitiveArray<T>(null));
        Assert.True(MemoryMarshal.AsBytes(values.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(restored.AsSpan())), $"{typeof(T).Name}[] differs after the round trip");
        Assert.True(MemoryMarshal.AsBytes(values.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(Restore(file, kind, r => r.ReadPrimitiveSpan<T>().ToArray()).AsSpan())));
    }

    [Fact]
    public void Blocks_larger_than_a_read_chunk_round_trip_from_a_file()
    {
        // 3 MiB: read and hashed in several chunks, bypassing the file source's read-ahead window.
        var values = Pattern<double>(3 << 17);
        byte[] file = SaveArray(values);
        Assert.Equal(values, Restore(file, SourceKind.File, r => r.ReadPrimitiveArray<double>(null)));
        string path = CorruptionTests.WriteTemp(file);
        Checkpoint.Verify(path);
        System.IO.File.Delete(path);
    }

    [Theory]
    [InlineData(SourceKind.Stream)]
    [InlineData(SourceKind.ExposedBuffer)]
    public void An_existing_array_of_the_saved_length_is_filled_in_place_and_another_length_is_replaced(SourceKind kind)
    {
        var values = Pattern<int>(Threshold);
        byte[] file = SaveArray(values);
        var existing = new int[values.Length];
        Assert.Same(existing, Restore(file, kind, r => r.ReadPrimitiveArray(existing)));
        Assert.Equal(values, existing);

        var shorter = new int[values.Length - 1];
        var replaced = Restore(file, kind, r => r.ReadPrimitiveArray(shorter));
        Assert.NotSame(shorter, replaced);
        Assert.Equal(values, replaced);
        Assert.All(shorter, v => Assert.Equal(0, v));
    }

    [Theory]
    [InlineData(SourceKind.Stream)]
    [InlineData(SourceKind.ExposedBuffer)]
    [InlineData(SourceKind.File)]
    public void A_flipped_byte_in_a_block_is_a_format_error_naming_the_block_and_member(SourceKind kind)
    {
        byte[] file = SaveArray(Pattern<float>(Threshold));
        var block = CheckpointBytes.DecodeTable(file).Blocks.Single();
        file[block.Offset + block.Length - 3] ^= 0x10;

        var e = Assert.Throws<CheckpointFormatException>(() => Restore(file, kind, r => r.ReadPrimitiveArray<float>(null)));
        Assert.Contains("checksum mismatch in block 0", e.Message);
        Assert.Contains($"{typeof(Probe).FullName}.{Probe.Key}", e.Message);
        var viaSpan = Assert.Throws<CheckpointFormatException>(() => Restore(file, kind, r => r.ReadPrimitiveSpan<float>().ToArray()));
        Assert.Contains("checksum mismatch in block 0", viaSpan.Message);

        string path = CorruptionTests.WriteTemp(file);
        try { Assert.Contains("block 0", Assert.Throws<CheckpointFormatException>(() => Checkpoint.Verify(path)).Message); }
        finally { System.IO.File.Delete(path); }
    }

    [Fact]
    public void A_block_table_entry_outside_the_data_region_or_overlapping_is_refused()
    {
        byte[] file = CheckpointBytes.Save(new Probe(w =>
        {
            w.BeginSequence(2);
            w.WritePrimitiveArray(Pattern<byte>(Threshold));
            w.WritePrimitiveArray(Pattern<byte>(Threshold));
        }));
        var footer = CheckpointBytes.Footer(file);
        var cases = new (string What, Action<BlockEntry[]> Edit)[]
        {
            ("past the manifest start", b => b[1] = b[1] with { Offset = footer.ManifestOffset - 10 }),
            ("inside the header", b => b[0] = b[0] with { Offset = 8 }),
            ("negative length", b => b[0] = b[0] with { Length = -1 }),
            ("overlapping the previous block", b => b[1] = b[1] with { Offset = b[0].Offset + 1 }),
            ("huge length", b => b[1] = b[1] with { Length = long.MaxValue }),
        };
        foreach (var (what, edit) in cases)
        {
            byte[] forged = CheckpointBytes.WithBlockTable(file, edit);
            var e = Record.Exception(() => CheckpointBytes.Restore(new Probe(read: r => r.BeginSequence()), forged));
            Assert.True(e is CheckpointFormatException, $"{what}: {e?.GetType().Name ?? "no exception"} {e?.Message}");
            Assert.Contains("block", e!.Message);
        }
    }

    [Fact]
    public void A_block_reference_whose_length_or_index_lies_is_refused()
    {
        var values = Pattern<int>(Threshold);
        byte[] file = SaveArray(values);

        // The block table says one element less (hash recomputed, so only the length disagrees).
        byte[] shorter = CheckpointBytes.WithBlockTable(file, b => b[0] = b[0] with
        {
            Length = b[0].Length - 4,
            Hash = FileLayout.Hash(file.AsSpan((int)b[0].Offset, (int)b[0].Length - 4)),
        });
        var e = Assert.Throws<CheckpointFormatException>(() => Restore(shorter, SourceKind.Stream, r => r.ReadPrimitiveArray<int>(null)));
        Assert.Contains($"block 0 holds {values.Length * 4 - 4}", e.Message);

        // The manifest names block 5 of 1.
        byte[] manifest = CheckpointBytes.ManifestOf(file);
        byte[] reference = [(byte)ValueTag.BlockArray, (byte)ValueTag.Int32, .. CheckpointBytes.VarUInt((ulong)values.Length), 0];
        int at = manifest.AsSpan().IndexOf(reference);
        Assert.True(at >= 0);
        manifest[at + reference.Length - 1] = 5;
        byte[] badIndex = CheckpointBytes.Rebuild(file, manifest: manifest);
        Assert.Contains("refers to block 5, but the block table has 1",
            Assert.Throws<CheckpointFormatException>(() => Restore(badIndex, SourceKind.Stream, r => r.ReadPrimitiveArray<int>(null))).Message);
        Assert.Contains("refers to block 5", Assert.Throws<CheckpointFormatException>(() => CheckpointInspector.Inspect(new MemoryStream(badIndex))).Message);
    }

    [Fact]
    public void A_block_read_as_another_element_kind_is_a_mismatch()
    {
        byte[] file = SaveArray(Pattern<float>(Threshold));
        Assert.Throws<CheckpointMismatchException>(() => Restore(file, SourceKind.Stream, r => r.ReadPrimitiveArray<int>(null)));
    }

    [Fact]
    public void A_Boolean_block_holding_another_byte_is_refused()
    {
        var flags = Pattern<bool>(Threshold);
        byte[] file = SaveArray(flags);
        byte[] forged = CheckpointBytes.WithBlockTable(file, b =>
        {
            file[b[0].Offset + 10] = 2;
            b[0] = b[0] with { Hash = FileLayout.Hash(file.AsSpan((int)b[0].Offset, (int)b[0].Length)) };
        });
        Assert.Contains("Boolean", Assert.Throws<CheckpointFormatException>(() => Restore(forged, SourceKind.Stream, r => r.ReadPrimitiveArray<bool>(null))).Message);
        Assert.Contains("Boolean", Assert.Throws<CheckpointFormatException>(() => Restore(forged, SourceKind.ExposedBuffer, r => r.ReadPrimitiveSpan<bool>().ToArray())).Message);
    }

    [Fact]
    public void The_inspector_lists_a_block_array_with_its_kind_count_and_place()
    {
        byte[] file = SaveArray(Pattern<double>(200));
        var block = CheckpointBytes.DecodeTable(file).Blocks.Single();
        var member = CheckpointInspector.Inspect(new MemoryStream(file)).Components[0].Members.Single();
        Assert.Equal(ValueTag.BlockArray, member.Kind);
        Assert.Equal($"Double[200] (block #0, 1600 bytes at offset {block.Offset})", member.Value);
    }

    [Fact]
    public void A_file_of_format_1_0_without_blocks_is_still_read()
    {
        // A 1.0 writer wrote the tensor table with one member and minor version 0.
        var small = Pattern<float>(10);
        byte[] current = SaveArray(small);
        var table = CheckpointBytes.DecodeTable(current);
        Assert.Empty(table.Blocks);
        byte[] oldTable = MemoryPackSerializer.Serialize(new FormatOneZeroTensorTable { Tensors = table.Tensors });
        byte[] old = CheckpointBytes.AsOlderFormat(CheckpointBytes.Rebuild(current, table: oldTable), 0);

        Assert.Equal(small, Restore(old, SourceKind.Stream, r => r.ReadPrimitiveArray<float>(null)));
        Assert.Equal("1.0", CheckpointInspector.Inspect(new MemoryStream(old)).FormatVersion);
    }

    [Fact]
    public void An_array_recorded_for_a_block_is_written_as_it_is_when_the_save_writes_it()
    {
        // The documented contract: a block is read from the array after the graph has been walked.
        var values = Pattern<int>(Threshold);
        byte[] file = CheckpointBytes.Save(new Probe(w =>
        {
            w.WritePrimitiveArray(values);
            values[0] = 12345;
        }));
        Assert.Equal(12345, Restore(file, SourceKind.Stream, r => r.ReadPrimitiveArray<int>(null))[0]);
    }

    [Fact]
    public void Generated_code_restores_a_large_array_member_into_the_existing_array()
    {
        var saved = new BlockSample { Pixels = Pattern<float>(784), Label = 3 };
        byte[] file = CheckpointBytes.Save(saved);
        Assert.Equal(ValueTag.BlockArray, CheckpointInspector.Inspect(new MemoryStream(file)).Components[0].Members.Single(m => m.Key == "Pixels").Kind);

        var sameLength = new BlockSample { Pixels = new float[784] };
        var pixels = sameLength.Pixels;
        CheckpointBytes.Restore(sameLength, file);
        Assert.Same(pixels, sameLength.Pixels);
        Assert.Equal(saved.Pixels, sameLength.Pixels);
        Assert.Equal(3, sameLength.Label);

        var empty = new BlockSample();
        CheckpointBytes.Restore(empty, file);
        Assert.Equal(saved.Pixels, empty.Pixels);
    }
}

/// <summary>A replay-buffer sample: a 784-float image (a block) and a label, through generated code.</summary>
[Checkpointable]
public sealed partial class BlockSample
{
    public float[] Pixels { get; set; } = [];

    public int Label { get; set; }
}

/// <summary>The tensor table as format 1.0 wrote it (no block member).</summary>
[MemoryPackable]
internal sealed partial class FormatOneZeroTensorTable
{
    public TensorEntry[] Tensors { get; set; } = [];
}
