using CheckpointGen.Inspection;
using TorchSharp;

namespace CheckpointGen.Tests.Compatibility;

/// <summary>
/// Files written by every version of the format (Files/format-1.N.ckpt, written from
/// <see cref="LegacyState"/> by the CheckpointGen of that version) still restore, value for value
/// and reference for reference.
/// </summary>
public sealed class FormatVersionTests
{
    public static TheoryData<string> Versions => new() { "1.0", "1.1", "1.2", "1.3", "1.4" };

    /// <summary>The checked-in file of format <paramref name="version"/>.</summary>
    public static byte[] FileOf(string version)
    {
        using var resource = typeof(FormatVersionTests).Assembly.GetManifestResourceStream($"format-{version}.ckpt")
            ?? throw new InvalidOperationException($"No test file of format {version} is embedded.");
        using var bytes = new MemoryStream();
        resource.CopyTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>A state to restore into: interface and base-class elements cannot be created, so they are there already.</summary>
    public static LegacyState Target() => new() { Items = [new LegacyItem(), new LegacyItem()], Mixed = [new LegacyNode(), new LegacyLeaf()] };

    [Theory]
    [MemberData(nameof(Versions))]
    public void A_file_of_an_earlier_format_restores_every_value_and_reference(string version)
    {
        byte[] file = FileOf(version);
        Assert.Equal(version, CheckpointInspector.Inspect(new MemoryStream(file)).FormatVersion);
        var restored = Target();

        var report = Checkpoint.Restore(restored, new MemoryStream(file, writable: false));

        Assert.True(report.IsExact, report.ToString());
        AssertSame(LegacyState.Create(), restored);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void A_file_of_an_earlier_format_verifies_and_lists(string version)
    {
        byte[] file = FileOf(version);
        string path = Path.Combine(Path.GetTempPath(), $"ckpt-format-{version}-{Guid.NewGuid():N}.ckpt");
        File.WriteAllBytes(path, file);
        try
        {
            Checkpoint.Verify(path);
            var listing = CheckpointInspector.Inspect(path);
            Assert.Equal(typeof(LegacyState).FullName, listing.Components[0].TypeName);
            Assert.Contains(listing.Components, c => c.TypeName == typeof(LegacyLeaf).FullName);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertSame(LegacyState expected, LegacyState actual)
    {
        Assert.Equal((expected.Epoch, expected.Loss, expected.Name, expected.Stage), (actual.Epoch, actual.Loss, actual.Name, actual.Stage));
        Assert.Equal((expected.When, expected.When.Kind, expected.Elapsed, expected.Id, expected.Money), (actual.When, actual.When.Kind, actual.Elapsed, actual.Id, actual.Money));
        Assert.Equal((expected.Maybe, expected.Nothing), (actual.Maybe, actual.Nothing));
        Assert.Equal(expected.Ints, actual.Ints);
        Assert.Equal(Bits(expected.Small), Bits(actual.Small));
        Assert.Equal(expected.Large, actual.Large);
        Assert.Equal(expected.Finals.OrderBy(e => e.Key), actual.Finals.OrderBy(e => e.Key));
        Assert.Equal(expected.Seen.Order(), actual.Seen.Order());
        Assert.Equal(expected.Pair, actual.Pair);
        Assert.Equal(expected.Grid, actual.Grid);
        Assert.Equal(expected.Best, actual.Best);
        Assert.Equal(expected.Curve, actual.Curve);
        Assert.Equal(expected.Points, actual.Points);
        Assert.Equal(expected.PointsById.OrderBy(e => e.Key), actual.PointsById.OrderBy(e => e.Key));

        var samples = actual.Samples;
        Assert.Equal(5, samples.Count);
        Assert.Null(samples[2]);
        Assert.Same(samples[0], samples[4]);
        Assert.Same(samples[1], actual.Favourite);
        Assert.Same(samples[3], samples[0].Next);
        Assert.Same(actual.SampleArray[0], actual.Favourite!.Next);
        Assert.Same(actual.Favourite, actual.SampleArray[1]);
        Assert.Same(samples[0], actual.SamplesByName["first"]);
        Assert.Same(actual.SampleArray[0], actual.SamplesByName["last"]);
        var expectedSamples = new[] { expected.Samples[0], expected.Samples[1], expected.Samples[3], expected.SampleArray[0] };
        var actualSamples = new[] { samples[0], samples[1], samples[3], actual.SampleArray[0] };
        for (int i = 0; i < expectedSamples.Length; i++)
        {
            Assert.Equal(expectedSamples[i].Label, actualSamples[i].Label);
            Assert.Equal(expectedSamples[i].Pixels, actualSamples[i].Pixels);
        }

        Assert.Equal(["a", "b"], actual.Nodes.Select(n => n.Name));
        Assert.All(actual.Nodes, n => Assert.Equal(typeof(LegacyNode), n.GetType()));
        Assert.Equal([[1], []], actual.Nodes.Select(n => n.Visits));
        Assert.Equal(["c", "d"], actual.Mixed.Select(n => n.Name));
        Assert.Equal(0.5, Assert.IsType<LegacyLeaf>(actual.Mixed[1]).Weight);
        Assert.Equal([3], actual.Mixed[1].Visits);
        Assert.Equal([10, 20], actual.Items.Select(i => i.Weight));

        Assert.NotNull(actual.Weights);
        Assert.Equal(expected.Weights!.shape, actual.Weights.shape);
        Assert.Equal(expected.Weights.data<float>().ToArray(), actual.Weights.data<float>().ToArray());
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];
}
