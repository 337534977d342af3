using CheckpointGen.Format;
using CheckpointGen.Inspection;
using CheckpointGen.Tests.Format.Support;

namespace CheckpointGen.Tests.Format;

/// <summary>
/// Files whose checksums are right but whose contents lie: footer offsets and lengths, tensor
/// table entries, counts in the manifest. The CRC and section hashes are recomputed so the
/// checks behind them are reached.
/// </summary>
public sealed class CraftedFileTests
{
    private static readonly byte[] File = CheckpointBytes.Save(new TrainingState());
    private static readonly FileFooter Footer = CheckpointBytes.Footer(File);

    private static CheckpointFormatException RestoreFails(byte[] crafted) =>
        Assert.Throws<CheckpointFormatException>(() => CheckpointBytes.Restore(new TrainingState(), crafted));

    public static TheoryData<string> FooterLies => new()
    {
        "manifest offset past the end", "manifest offset negative", "manifest inside the header",
        "manifest length negative", "manifest length int.MaxValue", "manifest length long.MaxValue",
        "manifest offset long.MaxValue", "table overlaps manifest", "table length past the end",
        "table length long.MaxValue", "table offset negative", "table length negative",
    };

    [Theory]
    [MemberData(nameof(FooterLies))]
    public void Footer_pointing_outside_the_file_is_a_format_error(string lie)
    {
        long end = File.Length;
        var f = Footer;
        var crafted = lie switch
        {
            "manifest offset past the end" => f with { ManifestOffset = end + 10 },
            "manifest offset negative" => f with { ManifestOffset = -64 },
            "manifest inside the header" => f with { ManifestOffset = 10 },
            "manifest length negative" => f with { ManifestLength = -1 },
            "manifest length int.MaxValue" => f with { ManifestLength = int.MaxValue },
            "manifest length long.MaxValue" => f with { ManifestLength = long.MaxValue },
            "manifest offset long.MaxValue" => f with { ManifestOffset = long.MaxValue },
            "table overlaps manifest" => f with { TableOffset = f.ManifestOffset + 1 },
            "table length past the end" => f with { TableLength = f.TableLength + 65 },
            "table length long.MaxValue" => f with { TableLength = long.MaxValue },
            "table offset negative" => f with { TableOffset = long.MinValue },
            _ => f with { TableLength = -5 },
        };
        var e = RestoreFails(CheckpointBytes.WithFooter(File, crafted));
        Assert.Contains(lie.StartsWith("manifest") ? "manifest" : "tensor table", e.Message);
    }

    [Fact]
    public void Footer_shifting_the_manifest_within_the_file_fails_its_checksum()
    {
        var e = RestoreFails(CheckpointBytes.WithFooter(File, Footer with { ManifestOffset = Footer.ManifestOffset - 64 }));
        Assert.Contains("manifest checksum", e.Message);
    }

    public static TheoryData<string> TableLies => new()
    {
        "offset outside the data region", "negative offset", "unaligned offset", "overlapping tensors",
        "length not matching the shape", "negative dimension", "shape overflowing 64 bits", "huge length",
        "unknown dtype", "unknown device", "null shape",
    };

    [Theory]
    [MemberData(nameof(TableLies))]
    public void Tensor_table_entry_that_lies_is_a_format_error(string lie)
    {
        byte[] crafted = CheckpointBytes.WithTensorTable(File, t =>
        {
            switch (lie)
            {
                case "offset outside the data region": t[^1].Offset = Footer.ManifestOffset + 64; break;
                case "negative offset": t[0].Offset = -64; break;
                case "unaligned offset": t[1].Offset += 1; break;
                case "overlapping tensors": t[1].Offset = t[0].Offset; break;
                case "length not matching the shape": t[0].Length += 4; break;
                case "negative dimension": t[0].Shape = [-3, -16]; break;
                case "shape overflowing 64 bits": t[0].Shape = [long.MaxValue, 4]; break;
                case "huge length": t[0].Shape = [long.MaxValue / 8]; t[0].Length = long.MaxValue / 8 * 4; break;
                case "unknown dtype": t[0].DType = 200; break;
                case "unknown device": t[0].DeviceType = "quantum"; break;
                default: t[0].Shape = null!; break;
            }
        });
        var e = RestoreFails(crafted);
        Assert.Contains("tensor", e.Message);
    }

    [Fact]
    public void Undecodable_tensor_table_is_a_format_error()
    {
        var e = RestoreFails(CheckpointBytes.Rebuild(File, table: [0xFF, 0xFF, 0xFF, 0x7F, 1, 2, 3]));
        Assert.Contains("tensor table", e.Message);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(uint.MaxValue)]
    [InlineData(ulong.MaxValue)]
    public void Manifest_with_a_huge_string_count_is_a_format_error_without_a_big_allocation(ulong count)
    {
        byte[] manifest = CheckpointBytes.ManifestOf(File);
        int oldLength = 0;
        while (manifest[oldLength] >= 0x80) oldLength++;
        byte[] crafted = CheckpointBytes.Rebuild(File, manifest: [.. CheckpointBytes.VarUInt(count), .. manifest[(oldLength + 1)..]]);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = RestoreFails(crafted);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("string count", e.Message);
        Assert.True(allocated < 16 * File.Length + (1 << 20), $"allocated {allocated} bytes");
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1_000_000)]
    public void Sequence_claiming_more_items_than_bytes_is_a_format_error(int count)
    {
        // The writer does not police counts, so a file can claim any count with valid checksums.
        byte[] file = CheckpointBytes.Save(new Probe(w => { w.BeginSequence(count); w.WriteInt32(1); }));
        var e = Assert.Throws<CheckpointFormatException>(() => Probe.Read(file, r => r.BeginSequence()));
        Assert.Contains("sequence count", e.Message);
    }

    [Fact]
    public void Multi_array_lengths_whose_product_overflows_are_a_format_error()
    {
        byte[] file = CheckpointBytes.Save(new Probe(w => { w.BeginMultiArray([int.MaxValue, int.MaxValue, int.MaxValue]); w.WritePrimitiveArray<int>([]); }));
        Assert.Throws<CheckpointFormatException>(() => Probe.Read(file, r => r.BeginMultiArray(3)));
    }

    [Fact]
    public void Wrong_magic_is_not_a_checkpoint()
    {
        var copy = (byte[])File.Clone();
        "PK\u0003\u0004"u8.CopyTo(copy);
        Assert.Contains("not a CheckpointGen checkpoint", RestoreFails(copy).Message);
    }

    [Fact]
    public void Newer_major_version_says_newer_and_names_both_versions()
    {
        var e = RestoreFails(CheckpointBytes.WithHeader(File, (ushort)(FileLayout.FormatMajor + 1), 3));
        Assert.Contains("newer", e.Message);
        Assert.Contains($"{FileLayout.FormatMajor + 1}.3", e.Message);
        Assert.Contains($"{FileLayout.FormatMajor}.{FileLayout.FormatMinor}", e.Message);
        Assert.Contains("9.8.7", e.Message);
    }

    [Fact]
    public void Newer_minor_version_is_read()
    {
        var state = new TrainingState { Epoch = 0 };
        CheckpointBytes.Restore(state, CheckpointBytes.WithHeader(File, FileLayout.FormatMajor, FileLayout.FormatMinor + 1));
        Assert.Equal(7, state.Epoch);
    }

    [Fact]
    public void Unknown_value_kind_in_a_newer_minor_version_says_to_upgrade()
    {
        byte[] file = UnknownValueKind();
        var newer = Assert.Throws<CheckpointFormatException>(() => Probe.Read(CheckpointBytes.WithHeader(file, FileLayout.FormatMajor, FileLayout.FormatMinor + 1), r => r.ReadByte()));
        Assert.Contains("upgrade CheckpointGen", newer.Message);
        Assert.Contains($"{FileLayout.FormatMajor}.{FileLayout.FormatMinor + 1}", newer.Message);
        Assert.IsType<CheckpointFormatException>(newer.InnerException);

        // The same bytes under this reader's own version are plain damage: no advice to upgrade.
        var current = Assert.Throws<CheckpointFormatException>(() => Probe.Read(file, r => r.ReadByte()));
        Assert.DoesNotContain("upgrade", current.Message);
    }

    /// <summary>A valid file whose one value carries tag 99, which no version of the format defines (checksums recomputed).</summary>
    private static byte[] UnknownValueKind()
    {
        byte[] file = CheckpointBytes.Save(new Probe(w => w.WriteByte(0xAB)));
        byte[] manifest = CheckpointBytes.ManifestOf(file);
        int at = manifest.AsSpan().IndexOf([(byte)ValueTag.Byte, (byte)0xAB]);
        Assert.True(at >= 0, "the byte value was not found in the manifest");
        manifest[at] = 99;
        return CheckpointBytes.Rebuild(file, manifest);
    }

    [Fact]
    public void Empty_file_is_a_format_error()
    {
        Assert.Contains("0 bytes", RestoreFails([]).Message);
        string path = CorruptionTests.WriteTemp([]);
        Assert.Throws<CheckpointFormatException>(() => Checkpoint.Restore(new TrainingState(), path));
        Assert.Throws<CheckpointFormatException>(() => CheckpointInspector.Inspect(path));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(1000)]
    [InlineData(100_000)]
    public void Random_garbage_is_a_format_error(int size)
    {
        var garbage = new byte[size];
        new Random(size).NextBytes(garbage);
        RestoreFails(garbage);
        // Garbage with a real header and a footer end marker still fails on the footer CRC.
        if (size >= 128)
        {
            File.AsSpan(0, 64).CopyTo(garbage);
            File.AsSpan(File.Length - 8).CopyTo(garbage.AsSpan(size - 8));
            Assert.Contains("footer", RestoreFails(garbage).Message);
        }
    }
}
