using CheckpointGen.Format;
using CheckpointGen.Inspection;
using CheckpointGen.Tests.Format.Support;

namespace CheckpointGen.Tests.Format;

/// <summary>A realistic checkpoint, truncated or with bytes flipped: always a <see cref="CheckpointFormatException"/> naming what is damaged.</summary>
public sealed class CorruptionTests
{
    private static readonly byte[] File = CheckpointBytes.Save(new TrainingState());

    private static CheckpointFormatException RestoreFails(byte[] damaged) =>
        Assert.Throws<CheckpointFormatException>(() => CheckpointBytes.Restore(new TrainingState(), damaged));

    private static byte[] Flipped(long offset)
    {
        var copy = (byte[])File.Clone();
        copy[offset] ^= 0x40;
        return copy;
    }

    [Fact]
    public void Intact_file_restores_exactly()
    {
        var state = new TrainingState { Epoch = 0 };
        var report = CheckpointBytes.Restore(state, File);
        Assert.True(report.IsExact, report.ToString());
        Assert.Equal(7, state.Epoch);
        Checkpoint.Verify(WriteTemp(File));
    }

    [Fact]
    public void Truncation_at_every_section_boundary_is_a_format_error()
    {
        var layout = CheckpointBytes.LayoutOf(File);
        Assert.True(layout.Tensors.Length >= 4);
        foreach (var (offset, what) in layout.Boundaries())
        {
            if (offset >= File.Length) continue;
            var e = Record.Exception(() => CheckpointBytes.Restore(new TrainingState(), File[..(int)offset]));
            Assert.True(e is CheckpointFormatException, $"truncated at {offset} ({what}): {e?.GetType().Name ?? "no exception"} {e?.Message}");
        }
    }

    [Fact]
    public void Truncation_at_any_offset_is_a_format_error()
    {
        var target = new TrainingState();
        for (int length = 0; length < File.Length; length += length < 256 ? 1 : 7)
        {
            var e = Record.Exception(() => CheckpointBytes.Restore(target, File[..length]));
            Assert.True(e is CheckpointFormatException, $"truncated to {length}: {e?.GetType().Name ?? "no exception"} {e?.Message}");
        }
    }

    [Fact]
    public void Flipped_header_byte_is_reported_as_header_damage()
    {
        Assert.Contains("header", RestoreFails(Flipped(9)).Message);
        Assert.Contains("magic", RestoreFails(Flipped(0)).Message);
    }

    [Fact]
    public void Flipped_tensor_byte_names_the_component_and_member()
    {
        var listing = CheckpointInspector.Inspect(new MemoryStream(File));
        int ema = listing.Components[0].Members.Single(m => m.Key == "ema").TensorRefs.Single();
        var e = RestoreFails(Flipped(listing.Tensors[ema].Offset + 5));
        Assert.Contains("checksum", e.Message);
        Assert.Contains($"{typeof(TrainingState).FullName}.ema", e.Message);

        int weight = listing.Components[1].Members.Single(m => m.Key == "param:weight").TensorRefs.Single();
        var inModule = RestoreFails(Flipped(listing.Tensors[weight].Offset));
        Assert.Contains("TorchSharp.Modules.Linear.param:weight", inModule.Message);

        Assert.Throws<CheckpointFormatException>(() => Checkpoint.Verify(WriteTemp(Flipped(listing.Tensors[ema].Offset + 5))));
    }

    [Fact]
    public void Flipped_manifest_byte_is_reported_as_manifest_damage()
    {
        var footer = CheckpointBytes.Footer(File);
        Assert.Contains("manifest checksum", RestoreFails(Flipped(footer.ManifestOffset + footer.ManifestLength / 2)).Message);
    }

    [Fact]
    public void Flipped_table_byte_is_reported_as_tensor_table_damage()
    {
        var footer = CheckpointBytes.Footer(File);
        Assert.Contains("tensor table checksum", RestoreFails(Flipped(footer.TableOffset + footer.TableLength / 2)).Message);
    }

    [Fact]
    public void Flipped_footer_bytes_are_reported_as_footer_damage()
    {
        long start = File.Length - FileLayout.FooterSize;
        Assert.Contains("footer checksum", RestoreFails(Flipped(start + 3)).Message);
        Assert.Contains("footer checksum", RestoreFails(Flipped(start + 49)).Message);
        Assert.Contains("end marker", RestoreFails(Flipped(start + 60)).Message);
    }

    internal static string WriteTemp(byte[] bytes)
    {
        string path = Path.Combine(Path.GetTempPath(), $"ckpt-test-{Guid.NewGuid():N}.ckpt");
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }
}
