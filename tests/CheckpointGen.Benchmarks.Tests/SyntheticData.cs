using CheckpointGen.Benchmarks.Data;
using TorchSharp;

namespace CheckpointGen.Benchmarks.Tests;

/// <summary>Small labelled datasets built in memory.</summary>
internal static class SyntheticData
{
    /// <summary><paramref name="perClass"/> samples of each of <paramref name="classes"/> classes, interleaved; pixels encode the index.</summary>
    public static TensorDataset Make(int classes, int perClass, string split = "train", int side = 4)
    {
        int n = classes * perClass;
        var pixels = new byte[n * side * side];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < side * side; j++) pixels[i * side * side + j] = (byte)((i + j * 13) % 256);
        var labels = Enumerable.Range(0, n).Select(i => (long)(i % classes)).ToArray();
        return new TensorDataset("Synthetic", split,
            torch.tensor(pixels, [n, 1, side, side], torch.ScalarType.Byte),
            torch.tensor(labels), PixelNormalization.UnitRange);
    }
}
