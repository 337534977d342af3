using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Training.Storage;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Storage;

/// <summary>The storage policies the replay family needs: values carried per sample (DER's logits), reservoirs over mini-experiences, fixed budgets per class.</summary>
public sealed class BufferValuesTests
{
    /// <summary>One value row per sample: its source index (and its negation), so that any row can be checked against its sample.</summary>
    private static Tensor ValuesOf(DatasetView view)
    {
        var rows = view.SourceIndices.ToArray().Select(i => new float[] { i, -i }).ToArray();
        var flat = rows.SelectMany(r => r).ToArray();
        return tensor(flat, [rows.Length, 2]);
    }

    private static void AssertRowsFollowSamples(DatasetView? buffer, Tensor? values)
    {
        Assert.NotNull(buffer);
        Assert.NotNull(values);
        using var expected = ValuesOf(buffer!);
        Assert.Equal(expected.data<float>().ToArray(), values!.data<float>().ToArray());
    }

    [Fact]
    public void Reservoir_samples_carry_their_values_through_every_update_and_resize()
    {
        var data = SyntheticData.Make("train", classes: 3, perClass: 4);
        var buffer = new ReservoirSamplingBuffer(maxSize: 5, seed: 42);
        using (var first = ValuesOf(data.All)) buffer.UpdateFromDataset(data.All, first);
        AssertRowsFollowSamples(buffer.Buffer, buffer.Values);
        var second = data.All.Subset([11, 10, 9, 8]);
        using (var values = ValuesOf(second)) buffer.UpdateFromDataset(second, values);
        AssertRowsFollowSamples(buffer.Buffer, buffer.Values);
        buffer.Resize(2);
        AssertRowsFollowSamples(buffer.Buffer, buffer.Values);
        Assert.Equal(2, buffer.Values!.shape[0]);
    }

    [Fact]
    public void Values_of_the_wrong_shape_or_missing_from_a_buffer_with_values_are_refused_with_what_is_wrong()
    {
        var data = SyntheticData.Make("train", classes: 2, perClass: 3);
        var buffer = new ReservoirSamplingBuffer(maxSize: 4, seed: 1);
        using var tooFew = zeros(5, 2);
        Assert.Contains("one row per sample: 6 samples", Assert.Throws<ArgumentException>(() => buffer.UpdateFromDataset(data.All, tooFew)).Message);
        using (var values = ValuesOf(data.All)) buffer.UpdateFromDataset(data.All, values);
        Assert.Contains("must carry them too", Assert.Throws<ArgumentException>(() => buffer.UpdateFromDataset(data.All)).Message);
        using var wider = zeros(6, 3);
        Assert.Contains("did the model's output grow?", Assert.Throws<ArgumentException>(() => buffer.UpdateFromDataset(data.All, wider)).Message);
    }

    [Fact]
    public void Class_balanced_buffer_keeps_each_samples_values_and_restores_them()
    {
        var benchmark = SyntheticData.Benchmark();
        var buffer = new ClassBalancedBuffer(10, seed: 3);
        foreach (var experience in benchmark.TrainStream)
            using (var values = ValuesOf(experience.Dataset))
                buffer.UpdateFromDataset(experience.Dataset, values);
        using var kept = buffer.Values;
        AssertRowsFollowSamples(buffer.Buffer, kept);

        using var stream = new MemoryStream();
        Checkpoint.Save(buffer, stream);
        var restored = new ClassBalancedBuffer(10, seed: 99);
        stream.Position = 0;
        Checkpoint.Restore(restored, stream);
        restored.ResolveSources(DatasetSelection.SourcesOf(benchmark.TrainStream[0].Dataset));
        using var restoredValues = restored.Values;
        Assert.Equal(buffer.Buffer!.Fingerprint, restored.Buffer!.Fingerprint);
        Assert.Equal(kept!.data<float>().ToArray(), restoredValues!.data<float>().ToArray());
    }

    [Fact]
    public void A_reservoir_updated_after_every_mini_experience_holds_what_one_update_with_the_whole_stream_would()
    {
        // The weights are drawn in offer order from the same generator, so offering the stream in pieces or at once
        // draws the same weight for every sample, and the buffer keeps the same heaviest samples.
        var benchmark = SyntheticData.Benchmark();
        var online = OnlineStream.Split(benchmark.TrainStream, experienceSize: 7, seed: 2);
        var pieces = new ReservoirSamplingBuffer(maxSize: 15, seed: 5);
        foreach (var mini in online) pieces.UpdateFromDataset(mini.Dataset);
        var whole = new ReservoirSamplingBuffer(maxSize: 15, seed: 5);
        whole.UpdateFromDataset(DatasetView.Concat(online.Select(m => m.Dataset)));

        Assert.Equal(whole.Weights, pieces.Weights);
        Assert.Equal(whole.Buffer!.SourceIndices.ToArray(), pieces.Buffer!.SourceIndices.ToArray());
    }

    [Fact]
    public void A_fixed_budget_class_balanced_buffer_gives_every_class_its_budget_whenever_it_arrives_on_an_online_stream()
    {
        var benchmark = SyntheticData.Benchmark();
        var online = OnlineStream.Split(benchmark.TrainStream, experienceSize: 12, seed: 4);
        var buffer = new ClassBalancedBuffer(12, adaptiveSize: false, totalNumClasses: 6, seed: 1);
        foreach (var mini in online)
        {
            buffer.UpdateFromDataset(mini.Dataset);
            Assert.All(buffer.SeenClasses, c => Assert.True(buffer.GroupOf(c)!.Count <= 2));
        }
        // 30 samples of each of the 6 classes were offered: every class keeps exactly its 12 / 6 = 2.
        Assert.Equal([0, 1, 2, 3, 4, 5], buffer.SeenClasses);
        Assert.All(buffer.SeenClasses, c => Assert.Equal(2, buffer.GroupOf(c)!.Count));
    }
}
