using System.Diagnostics;
using System.Runtime.InteropServices;
using CheckpointGen.Benchmarks.Classic;
using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Loading;
using TorchSharp;

namespace CheckpointGen.Benchmarks.Tests;

/// <summary>SplitMNIST, PermutedMNIST and RotatedMNIST on real MNIST.</summary>
[Collection(TorchGlobalRandomCollection.Name)]
public class ClassicBenchmarkTests
{
    [Fact]
    public void SplitMnist_seed_1234_class_order_is_randperm_10_after_manual_seed_1234()
    {
        torch.manual_seed(1234);
        long[] expected = Longs(torch.randperm(10));
        torch.manual_seed(99); // the benchmark must seed, not rely on the state it finds

        var bench = SplitMnist.Create(5, seed: 1234);

        Assert.Equal(expected.Select(x => (int)x), bench.ClassOrderOriginalIds);
        for (int e = 0; e < 5; e++)
            Assert.Equal(expected.Skip(2 * e).Take(2).Select(x => (int)x).Order(), bench.TrainStream[e].Classes);
    }

    [Fact]
    public void SplitMnist_streams_cover_mnist_once_and_carry_task_labels_when_asked()
    {
        var bench = SplitMnist.Create(5, returnTaskId: true, seed: 0, classIdsFromZeroInEachExp: true);

        Assert.Equal(60000, bench.TrainStream.Sum(e => e.Dataset.Count));
        Assert.Equal(10000, bench.TestStream.Sum(e => e.Dataset.Count));
        Assert.Equal([0, 1, 2, 3, 4], bench.TrainStream.Select(e => e.TaskLabel));
        Assert.All(bench.TrainStream, e => Assert.Equal([0, 1], e.Classes));
        var fixedOrder = SplitMnist.Create(5, seed: 5, fixedClassOrder: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        Assert.Equal([8, 9], fixedOrder.TrainStream[4].Classes);
    }

    [Fact]
    public void PermutedMnist_permutations_are_randperm_784_from_a_generator_seeded_with_the_seed()
    {
        using var generator = new torch.Generator(42);
        long[] first = Longs(torch.randperm(784, generator: generator));
        long[] second = Longs(torch.randperm(784, generator: generator));

        var bench = PermutedMnist.Create(2, seed: 42);

        Assert.Equal(first, bench.Permutations[0].Source.ToArray());
        Assert.Equal(second, bench.Permutations[1].Source.ToArray());
        Assert.Equal(PermutedMnist.Create(2, seed: 42).TrainStream[1].Dataset.Fingerprint, bench.TrainStream[1].Dataset.Fingerprint);
    }

    [Fact]
    public void PermutedMnist_batches_hold_the_permuted_normalised_pixels()
    {
        var bench = PermutedMnist.Create(1, seed: 3);
        var exp = bench.TrainStream[0];
        using var loader = new MinibatchLoader(exp.Dataset, 16, seed: 1);
        using var batch = loader.NextEpoch().First();

        var raw = Mnist.Load(MnistSplit.Train);
        int sample = batch.Positions[5];
        var pixels = raw.Inputs[sample].bytes.ToArray();
        var perm = bench.Permutations[0].Source.ToArray();
        var expected = Enumerable.Range(0, 784).Select(j => (float)((pixels[perm[j]] / 255.0 - 0.1307) / 0.3081)).ToArray();
        var actual = batch.Inputs[5].reshape(784).data<float>().ToArray();
        Assert.Equal(new long[] { 16, 1, 28, 28 }, batch.Inputs.shape);
        for (int j = 0; j < 784; j++) Assert.Equal(expected[j], actual[j], 1e-5f);
        Assert.Equal(raw.TargetArray[sample], batch.Targets[5].item<long>());
    }

    [Fact]
    public void RotatedMnist_angles_come_from_the_seeded_generator_and_a_quarter_turn_is_rot90()
    {
        using var generator = new torch.Generator(5);
        var expected = Enumerable.Range(0, 3).Select(_ => (int)torch.randint(-180, 181, [1], generator: generator).item<long>()).ToArray();
        Assert.Equal(expected, RotatedMnist.Create(3, seed: 5).Rotations);

        var quarter = RotatedMnist.Create(1, rotations: [90]);
        var raw = Mnist.Load(MnistSplit.Test);
        var view = quarter.TestStream[0].Dataset;
        using var rotated = view.GatherInputs([7]);
        using var reference = raw.Inputs[7].rot90(1, (1, 2)).contiguous();
        Assert.Equal(reference.bytes.ToArray(), rotated.bytes.ToArray());
    }

    [Fact]
    public void RotatedMnist_batches_fill_uncovered_corners_with_the_normalised_background()
    {
        var rotated = RotatedMnist.Create(1, rotations: [45]);
        Assert.Equal(-1, rotated.TrainStream[0].Dataset.Parts[0].Pixels!.Source[0]); // the corner comes from outside
        using var loader = new MinibatchLoader(rotated.TrainStream[0].Dataset, 4, seed: 2);
        using var batch = loader.NextEpoch().First();
        Assert.Equal((float)(-0.1307 / 0.3081), batch.Inputs[2, 0, 0, 0].item<float>(), 1e-6f);
    }

    [Fact]
    public void RotatedMnist_rejects_angles_outside_the_range_and_a_wrong_count()
    {
        Assert.Contains("outside [-180, 180]", Assert.Throws<ArgumentException>(() => RotatedMnist.Create(2, rotations: [10, 200])).Message);
        Assert.Contains("must match", Assert.Throws<ArgumentException>(() => RotatedMnist.Create(2, rotations: [10])).Message);
    }

    [Fact]
    public void A_second_process_derives_the_same_class_orders_permutations_rotations_and_batch_orders()
    {
        string tool = Path.Combine(AppContext.BaseDirectory, "CheckpointGen.DataTool.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { tool, "describe", "2024" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string errors = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "the second process did not finish");
        Assert.True(process.ExitCode == 0, errors);

        var here = DataTool.SeedDescription.Describe(2024, null).ToArray();
        Assert.Equal(here, output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(7, here.Length);
    }

    private static long[] Longs(torch.Tensor t)
    {
        using (t) return MemoryMarshal.Cast<byte, long>(t.bytes).ToArray();
    }
}
