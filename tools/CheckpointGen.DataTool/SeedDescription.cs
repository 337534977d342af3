using System.IO.Hashing;
using System.Runtime.InteropServices;
using CheckpointGen.Benchmarks.Classic;
using CheckpointGen.Benchmarks.Loading;

namespace CheckpointGen.DataTool;

/// <summary>Everything a seed determines in the MNIST benchmarks, as text lines that can be compared across processes.</summary>
internal static class SeedDescription
{
    public static IEnumerable<string> Describe(int seed, string? root)
    {
        var split = SplitMnist.Create(5, seed: seed, dataRoot: root, progress: _ => { });
        yield return $"SplitMNIST(5, seed {seed}) class order: {string.Join(",", split.ClassOrderOriginalIds)}";
        var permuted = PermutedMnist.Create(3, seed, dataRoot: root);
        foreach (var map in permuted.Permutations)
            yield return $"PermutedMNIST(3, seed {seed}) {map.Description}: {string.Join(",", map.Source[..8].ToArray())}... #{XxHash3.HashToUInt64(MemoryMarshal.AsBytes(map.Source)):x16}";
        var rotated = RotatedMnist.Create(4, seed, dataRoot: root);
        yield return $"RotatedMNIST(4, seed {seed}) angles: {string.Join(",", rotated.Rotations)}";
        using var loader = new MinibatchLoader(split.TrainStream[1].Dataset, 128, seed);
        for (int epoch = 0; epoch < 2; epoch++)
        {
            var hash = new XxHash3();
            string first = "";
            foreach (var batch in loader.NextEpoch())
                using (batch)
                {
                    if (batch.BatchIndex == 0) first = string.Join(",", batch.Positions.Take(6));
                    hash.Append(MemoryMarshal.AsBytes(batch.Positions.ToArray().AsSpan()));
                }
            yield return $"Loader(SplitMNIST exp 1, batch 128, seed {seed}) epoch {epoch}: first {first}... #{hash.GetCurrentHashAsUInt64():x16}";
        }
    }
}
