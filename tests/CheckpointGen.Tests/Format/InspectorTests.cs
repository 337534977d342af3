using System.Text;
using CheckpointGen.Format;
using CheckpointGen.Inspection;
using CheckpointGen.Tests.Format.Support;

namespace CheckpointGen.Tests.Format;

/// <summary>The listing tool describes a checkpoint from its bytes alone.</summary>
public sealed class InspectorTests
{
    private static readonly byte[] File = CheckpointBytes.Save(new TrainingState());

    [Fact]
    public void Listing_describes_versions_components_members_and_tensors()
    {
        var listing = CheckpointInspector.Inspect(new MemoryStream(File));

        Assert.Equal($"{FileLayout.FormatMajor}.{FileLayout.FormatMinor}", listing.FormatVersion);
        Assert.Equal(new Version(Checkpoint.WriterVersion.Major, Checkpoint.WriterVersion.Minor, Math.Max(0, Checkpoint.WriterVersion.Build)), listing.WriterVersion);
        Assert.Equal(File.Length, listing.FileLength);

        var root = listing.Components[0];
        Assert.Equal(typeof(TrainingState).FullName, root.TypeName);
        Assert.Equal(["epoch", "losses", "model", "ema", "mask", "history", "replay"], root.Members.Select(m => m.Key));
        var epoch = root.Members[0];
        Assert.Equal(ValueTag.Int32, epoch.Kind);
        Assert.Equal("7", epoch.Value);
        Assert.Equal("Double[3] [0.5, 0.25, 0.125]", root.Members[1].Value);
        Assert.Equal([1], root.Members[2].ObjectRefs);
        Assert.Equal("#1 TorchSharp.Modules.Linear", root.Members[2].Value);
        Assert.Equal([0], root.Members[3].TensorRefs);

        Assert.Equal("TorchSharp.Modules.Linear", listing.Components[1].TypeName);
        Assert.Contains(listing.Components[1].Members, m => m.Key == "param:weight" && m.Kind == ValueTag.TensorRef);
        Assert.Equal(2 + 3, listing.Components.Count); // root, linear, three history nodes

        Assert.Equal(4, listing.Tensors.Count);
        var ema = listing.Tensors[0];
        Assert.Equal("Float32", ema.DType);
        Assert.Equal([3L, 4L], ema.Shape);
        Assert.Equal("cpu", ema.Device);
        Assert.Equal(48, ema.Length);
        Assert.Equal(0, ema.Offset % FileLayout.TensorAlignment);
        Assert.Equal("Bool", listing.Tensors[1].DType);
        Assert.True(listing.Tensors[2].RequiresGrad);
    }

    [Fact]
    public void Rendered_listing_is_readable_text()
    {
        string text = CheckpointInspector.Inspect(new MemoryStream(File)).Render();
        Assert.Contains($"#0 {typeof(TrainingState).FullName}", text);
        Assert.Contains("    epoch: Int32 7", text);
        Assert.Contains("    ema: TensorRef tensor #0 Float32 [3, 4]", text);
        Assert.Contains("#0 Float32 [3, 4] cpu offset 64 length 48", text);
        Assert.Contains("Tensors (4):", text);
        Assert.Equal(text, CheckpointInspector.Inspect(new MemoryStream(File)).ToString());
    }

    [Fact]
    public void Listing_needs_no_type_named_by_the_file()
    {
        // Rename the root's type to one that exists nowhere (same byte length keeps the manifest valid).
        string real = typeof(TrainingState).FullName!;
        string fake = "Gone." + new string('X', real.Length - 5);
        byte[] manifest = CheckpointBytes.ManifestOf(File);
        byte[] name = Encoding.UTF8.GetBytes(real);
        int at = manifest.AsSpan().IndexOf(name);
        Encoding.UTF8.GetBytes(fake).CopyTo(manifest, at);
        byte[] renamed = CheckpointBytes.Rebuild(File, manifest: manifest);

        var listing = CheckpointInspector.Inspect(new MemoryStream(renamed));
        Assert.Equal(fake, listing.Components[0].TypeName);
        Assert.Throws<CheckpointMismatchException>(() => CheckpointBytes.Restore(new TrainingState(), renamed));
    }

    [Fact]
    public void Listing_renders_every_value_kind()
    {
        var settings = new Settings("s", [1], 1, []);
        byte[] file = CheckpointBytes.Save(new Probe(w =>
        {
            w.BeginTuple(8);
            w.WriteString("hi\n");
            w.WriteDecimal(1.5m);
            w.WriteGuid(Guid.Empty);
            w.BeginMap(1); w.WriteString("k"); w.WriteBoolean(true);
            w.BeginMultiArray([2, 1]); w.WritePrimitiveArray<Half>([(Half)1, (Half)2]);
            w.WriteRecord(new Point { X = 1, Y = 2 });
            w.WriteMemoryPack(settings);
            w.BeginSequence(20); for (int i = 0; i < 20; i++) w.WriteInt64(i);
        }));
        var member = CheckpointInspector.Inspect(new MemoryStream(file)).Components[0].Members.Single();
        Assert.Equal(ValueTag.Tuple, member.Kind);
        Assert.StartsWith("8 (\"hi\\u000a\", 1.5, 00000000-0000-0000-0000-000000000000, 1 {\"k\": true}, [2×1] Half[2] [1, 2], ", member.Value);
        Assert.Contains($"{typeof(Point).FullName} {{ x: 1, y: 2, name: null }}", member.Value);
        Assert.Contains($"{typeof(Settings).FullName} (", member.Value);
        Assert.EndsWith("20 [0, 1, 2, 3, 4, 5, 6, 7, …])", member.Value);
    }

    [Fact]
    public void Listing_a_deep_chain_does_not_recurse()
    {
        var listing = CheckpointInspector.Inspect(new MemoryStream(CheckpointBytes.Save(Node.Chain(20_000))));
        Assert.Equal([19_999], listing.Components[19_998].Members.Single(m => m.Key == "next").ObjectRefs);
    }

    [Fact]
    public void Listing_a_damaged_file_is_a_format_error()
    {
        var copy = (byte[])File.Clone();
        copy[^20] ^= 1;
        Assert.Throws<CheckpointFormatException>(() => CheckpointInspector.Inspect(new MemoryStream(copy)));
    }
}
