using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Loading;

namespace CheckpointGen.Benchmarks.Tests;

public class LoaderTests
{
    private static readonly TorchSharp.Scalar MaxPixel = 255;

    [Fact]
    public void Every_epoch_visits_each_sample_once_in_batches_of_the_requested_size()
    {
        using var data = SyntheticData.Make(5, 9); // 45 samples
        using var loader = new MinibatchLoader(data.All, 10, seed: 1);
        for (int epoch = 0; epoch < 2; epoch++)
        {
            var batches = loader.NextEpoch().ToList();
            Assert.Equal([10, 10, 10, 10, 5], batches.Select(b => b.Count));
            Assert.Equal(Enumerable.Range(0, 45), batches.SelectMany(b => b.Positions).Order());
            Assert.All(batches, b => Assert.Equal(epoch, b.Epoch));
            batches.ForEach(b => b.Dispose());
        }
        Assert.Equal(2, loader.Epoch);
        Assert.False(loader.InEpoch);
    }

    [Fact]
    public void The_same_seed_gives_the_same_order_every_epoch_differs_and_drop_last_drops()
    {
        using var data = SyntheticData.Make(4, 8);
        var a = Orders(new MinibatchLoader(data.All, 5, seed: 9), 3);
        var b = Orders(new MinibatchLoader(data.All, 5, seed: 9), 3);
        var c = Orders(new MinibatchLoader(data.All, 5, seed: 10), 3);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(a[0], a[1]);
        Assert.Equal(30, new MinibatchLoader(data.All, 5, seed: 9, dropLast: true).NextEpoch().Sum(x => { x.Dispose(); return x.Count; }));
    }

    [Fact]
    public void A_run_resumed_mid_epoch_sees_exactly_the_batches_of_an_uninterrupted_run()
    {
        using var data = SyntheticData.Make(3, 20); // 60 samples, 8 batches of 8 per epoch
        var view = data.All.Subset(Enumerable.Range(5, 50).ToArray());

        var straight = new MinibatchLoader(view, 8, seed: 77);
        var expected = Batches(straight, 2);

        var first = new MinibatchLoader(view, 8, seed: 77);
        var seen = Batches(first, 1);
        seen.AddRange(first.NextEpoch().Take(3).Select(Snapshot)); // stop after 3 batches of epoch 1
        var file = new MemoryStream();
        Checkpoint.Save(first.Position, file);

        var restored = new LoaderPosition();
        Checkpoint.Restore(restored, new MemoryStream(file.ToArray()));
        var resumed = new MinibatchLoader(view, 8, seed: 12345, position: restored); // seed is irrelevant once restored
        Assert.Equal((1, 3, true), (resumed.Epoch, resumed.BatchIndex, resumed.InEpoch));
        seen.AddRange(resumed.NextEpoch().Select(Snapshot));

        Assert.Equal(expected.Count, seen.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Positions, seen[i].Positions);
            Assert.Equal(expected[i].Inputs, seen[i].Inputs);
            Assert.Equal(expected[i].Targets, seen[i].Targets);
        }
        // And the epoch after that continues identically too.
        Assert.Equal(Batches(straight, 1).Select(b => b.Positions), Batches(resumed, 1).Select(b => b.Positions));
    }

    [Fact]
    public void A_restored_position_over_other_data_or_with_another_batch_size_is_refused()
    {
        using var data = SyntheticData.Make(3, 10);
        var loader = new MinibatchLoader(data.All, 4, seed: 1);
        loader.NextEpoch().First().Dispose();
        var file = new MemoryStream();
        Checkpoint.Save(loader.Position, file);
        LoaderPosition Restored()
        {
            var position = new LoaderPosition();
            Checkpoint.Restore(position, new MemoryStream(file.ToArray()));
            return position;
        }

        Assert.Throws<DatasetMismatchException>(() => new MinibatchLoader(data.All.Subset([1, 2, 3]), 4, seed: 1, position: Restored()));
        var e = Assert.Throws<CheckpointMismatchException>(() => new MinibatchLoader(data.All, 5, seed: 1, position: Restored()));
        Assert.Contains("batchSize", e.Message);
    }

    [Fact]
    public void Batches_of_a_concatenation_gather_each_sample_from_its_own_part_with_its_task_label()
    {
        using var data = SyntheticData.Make(2, 6);
        var task0 = data.All.Subset([0, 1, 2]).WithParts(p => p with { TaskLabel = 0 });
        var reversed = PixelMap.Permutation(Enumerable.Range(0, 16).Reverse().Select(i => (long)i).ToArray());
        var task1 = data.All.Subset([3, 4, 5]).WithParts(p => p with { TaskLabel = 1, Pixels = reversed });
        var both = DatasetView.Concat([task0, task1]);

        using var loader = new MinibatchLoader(both, 6, seed: 4);
        using var batch = loader.NextEpoch().Single();
        for (int i = 0; i < 6; i++)
        {
            int position = batch.Positions[i];
            var pixels = data.Inputs[both.SourceIndexAt(position)].reshape(16).to_type(TorchSharp.torch.ScalarType.Float32).div(MaxPixel);
            var expected = position < 3 ? pixels : pixels.flip(0);
            Assert.True(batch.Inputs[i].reshape(16).allclose(expected), $"sample {i} (position {position})");
            Assert.Equal(position < 3 ? 0 : 1, batch.TaskLabels[i].item<long>());
            Assert.Equal(both.Targets[position], batch.Targets[i].item<long>());
        }
    }

    [Fact]
    public void A_preloaded_loader_gives_bit_for_bit_the_batches_of_one_that_gathers_each_batch_also_when_resumed()
    {
        using var data = SyntheticData.Make(3, 10);
        var reversed = PixelMap.Permutation(Enumerable.Range(0, 16).Reverse().Select(i => (long)i).ToArray());
        var view = DatasetView.Concat([
            data.All.Subset([4, 0, 9, 17, 2, 25]).WithParts(p => p with { TaskLabel = 0 }),
            data.All.Subset([3, 28, 11, 6, 20]).WithParts(p => p with { TaskLabel = 1, Pixels = reversed })]);

        var expected = Batches(new MinibatchLoader(view, 4, seed: 21, dropLast: true), 3);
        var preloaded = new MinibatchLoader(view, 4, seed: 21, dropLast: true, preload: true);
        var seen = Batches(preloaded, 1);
        seen.Add(Snapshot(preloaded.NextEpoch().First()));
        var resumed = new MinibatchLoader(view, 4, seed: 0, preloaded.Position, dropLast: true, preload: true);
        seen.AddRange(resumed.NextEpoch().Select(Snapshot));
        seen.AddRange(Batches(resumed, 1));

        Assert.Equal(expected.Count, seen.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Positions, seen[i].Positions);
            Assert.Equal(expected[i].Inputs.Select(BitConverter.SingleToInt32Bits), seen[i].Inputs.Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(expected[i].Targets, seen[i].Targets);
            Assert.Equal(expected[i].Tasks, seen[i].Tasks);
        }
    }

    private sealed record BatchSnapshot(int[] Positions, float[] Inputs, long[] Targets, long[] Tasks);

    private static BatchSnapshot Snapshot(Minibatch b)
    {
        using (b) return new(b.Positions.ToArray(), b.Inputs.data<float>().ToArray(), b.Targets.data<long>().ToArray(), b.TaskLabels.data<long>().ToArray());
    }

    private static List<BatchSnapshot> Batches(MinibatchLoader loader, int epochs) =>
        Enumerable.Range(0, epochs).SelectMany(_ => loader.NextEpoch().Select(Snapshot).ToList()).ToList();

    private static List<int[]> Orders(MinibatchLoader loader, int epochs)
    {
        using (loader)
            return Enumerable.Range(0, epochs).Select(_ => loader.NextEpoch().SelectMany(b => { b.Dispose(); return b.Positions; }).ToArray()).ToList();
    }
}
