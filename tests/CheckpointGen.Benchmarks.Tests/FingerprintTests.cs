using CheckpointGen.Benchmarks.Data;
using TorchSharp;

namespace CheckpointGen.Benchmarks.Tests;

public class FingerprintTests
{
    [Fact]
    public void Equal_content_gives_equal_fingerprints_and_one_changed_pixel_changes_the_hash()
    {
        using var a = SyntheticData.Make(3, 4);
        using var b = SyntheticData.Make(3, 4);
        Assert.Equal(a.Fingerprint, b.Fingerprint);

        using var c = SyntheticData.Make(3, 4);
        c.Inputs[5, 0, 1, 1] = torch.tensor((byte)200);
        var fresh = new TensorDataset("Synthetic", "train", c.Inputs.clone(), c.Targets.clone(), PixelNormalization.UnitRange);
        Assert.NotEqual(a.Fingerprint.ContentHash, fresh.Fingerprint.ContentHash);
        fresh.Dispose();
    }

    [Fact]
    public void Subsets_and_concatenations_share_the_source_tensor_and_keep_labels()
    {
        using var source = SyntheticData.Make(4, 5);
        var evens = source.All.Subset([0, 2, 4, 6], "evens");
        var odds = source.All.Subset([1, 3], "odds");
        var both = DatasetView.Concat([evens, odds]);

        Assert.Same(source, both.Parts.Single().Source);
        Assert.Equal([0, 2, 0, 2, 1, 3], both.Targets.ToArray());
        Assert.Equal([0, 2, 4, 6, 1, 3], both.SourceIndices.ToArray());
        Assert.NotEqual(evens.Fingerprint.ContentHash, source.All.Subset([0, 2, 4, 8]).Fingerprint.ContentHash);
    }

    [Fact]
    public void Replay_indices_restore_against_the_same_data_and_refuse_other_data()
    {
        using var data = SyntheticData.Make(3, 10);
        var saved = new DatasetIndices(data);
        foreach (int i in new[] { 4, 17, 2, 29 }) saved.Add(i);
        // In memory: the checkpoint container is what is tested here, not the file system.
        var file = new MemoryStream();
        Checkpoint.Save(saved, file);
        var path = file.ToArray();

        var restored = new DatasetIndices(data);
        Checkpoint.Restore(restored, new MemoryStream(path));
        Assert.Equal([4, 17, 2, 29], restored.Indices);

        using var other = SyntheticData.Make(3, 11);
        var wrong = new DatasetIndices(other);
        var e = Assert.Throws<DatasetMismatchException>(() => Checkpoint.Restore(wrong, new MemoryStream(path)));
        Assert.Contains("30 vs 33 samples", e.Message);
        Assert.Contains("content hash", e.Message);
        Assert.Empty(wrong.Indices);
    }
}
