using System.IO.Hashing;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Benchmarks.Data;

/// <summary>
/// A fixed per-sample input transform that moves values: output element <c>i</c> is input element
/// <c>Source[i]</c>, or the fill value 0 (before normalisation) where <c>Source[i]</c> is −1.
/// Pixel permutations (PermutedMNIST) and nearest-neighbour rotations (RotatedMNIST) are both such
/// maps, so an experience applies its transform to a whole minibatch with one <c>index_select</c>.
/// </summary>
public sealed class PixelMap
{
    private readonly long[] _source;
    private readonly bool _hasFill;
    private Tensor? _gatherIndex;

    private PixelMap(string description, long[] source)
    {
        Description = description;
        _source = source;
        _hasFill = source.Contains(-1);
        var hash = new XxHash3();
        hash.Append(MemoryMarshal.AsBytes<long>(source));
        Hash = hash.GetCurrentHashAsUInt64();
    }

    /// <summary>What the map does, e.g. <c>rotate 35°</c>.</summary>
    public string Description { get; }

    /// <summary>Number of elements per sample the map applies to.</summary>
    public int Length => _source.Length;

    /// <summary>Source element of each output element (−1 = fill with 0).</summary>
    public ReadOnlySpan<long> Source => _source;

    /// <summary>XxHash3 of the map, part of the fingerprint of views that use it.</summary>
    public ulong Hash { get; }

    /// <summary>
    /// The map whose output element i is input element <paramref name="source"/>[i] (−1: fill):
    /// rebuilds a map saved as its <see cref="Source"/> array.
    /// </summary>
    public static PixelMap FromSource(ReadOnlySpan<long> source, string description)
    {
        foreach (long s in source)
            if (s < -1 || s >= source.Length)
                throw new ArgumentException($"Source element {s} is outside -1..{source.Length - 1}.", nameof(source));
        return new PixelMap(description, source.ToArray());
    }

    /// <summary>A permutation of elements: output i = input <paramref name="permutation"/>[i].</summary>
    public static PixelMap Permutation(ReadOnlySpan<long> permutation, string? description = null)
    {
        var seen = new bool[permutation.Length];
        foreach (long p in permutation)
        {
            if (p < 0 || p >= permutation.Length || seen[p])
                throw new ArgumentException($"Not a permutation of 0..{permutation.Length - 1}: {p} is out of range or repeated.", nameof(permutation));
            seen[p] = true;
        }
        return new PixelMap(description ?? "permutation", permutation.ToArray());
    }

    /// <summary>
    /// A counter-clockwise rotation by <paramref name="degrees"/> about the image centre with
    /// nearest-neighbour sampling and zero fill (torchvision's <c>RandomRotation((d, d))</c> defaults),
    /// for single-channel images of <paramref name="height"/>×<paramref name="width"/>.
    /// </summary>
    public static PixelMap Rotation(int height, int width, double degrees)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        double theta = degrees * Math.PI / 180.0;
        double cos = Math.Cos(theta), sin = Math.Sin(theta);
        // Exact values for multiples of 90° so that quarter turns are exact pixel permutations.
        if (Math.Abs(cos) < 1e-12) cos = 0;
        if (Math.Abs(sin) < 1e-12) sin = 0;
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
        var source = new long[height * width];
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            // y grows downwards; in y-up coordinates the output point (u, v) comes from R(−θ)(u, v).
            double u = x - cx, v = cy - y;
            double su = u * cos + v * sin;
            double sv = -u * sin + v * cos;
            long sx = (long)Math.Round(cx + su, MidpointRounding.ToEven);
            long sy = (long)Math.Round(cy - sv, MidpointRounding.ToEven);
            source[y * width + x] = sx >= 0 && sx < width && sy >= 0 && sy < height ? sy * width + sx : -1;
        }
        return new PixelMap($"rotate {degrees}°", source);
    }

    /// <summary>
    /// Applies the map to a batch <c>[B, ...]</c> whose per-sample element count is <see cref="Length"/>;
    /// returns a new tensor of the same shape, dtype and device. Filled elements get <paramref name="fill"/>
    /// (0 for stored values; the normalised value of 0 for model inputs).
    /// </summary>
    public Tensor Apply(Tensor batch, double fill = 0.0)
    {
        long b = batch.shape[0];
        long perSample = batch.numel() / Math.Max(b, 1);
        if (perSample != Length)
            throw new ArgumentException($"Pixel map '{Description}' is for {Length} elements per sample, the batch has {perSample}.", nameof(batch));
        using var scope = torch.NewDisposeScope();
        var flat = batch.reshape(b, Length);
        var index = GatherIndex(batch.device);
        // A Scalar held across the call: a temporary one can be freed mid-call (docs/diagnostics/CKPT0009.md).
        using var fillValue = fill.ToScalar();
        if (_hasFill) flat = torch.cat([flat, torch.full(b, 1, fillValue, dtype: batch.dtype, device: batch.device)], 1);
        return flat.index_select(1, index).reshape(batch.shape).MoveToOuterDisposeScope();
    }

    private Tensor GatherIndex(Device device)
    {
        // −1 points at the appended zero column.
        _gatherIndex ??= torch.tensor(_source.Select(s => s < 0 ? _source.Length : s).ToArray(), dtype: ScalarType.Int64).DetachFromDisposeScope();
        return device.type == DeviceType.CPU ? _gatherIndex : _gatherIndex.to(device);
    }

    /// <inheritdoc/>
    public override string ToString() => Description;
}
