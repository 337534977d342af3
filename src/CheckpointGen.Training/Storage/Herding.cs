using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Training.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Storage;

/// <summary>
/// Herding (Welling, 2009; iCaRL's exemplar selection): greedily picks the samples whose running mean of
/// features stays closest to the mean of all features. Avalanche has two versions, both here: the storage
/// policies' <c>HerdingSelectionStrategy</c> (<see cref="Order"/>) and iCaRL's own loop (<see cref="IcarlRanks"/>).
/// </summary>
public static class Herding
{
    /// <summary>
    /// The first <paramref name="count"/> indices of Avalanche's <c>HerdingSelectionStrategy</c> order over the rows of
    /// <paramref name="features"/> (<c>[samples, features]</c>): at step i the sample that brings the mean of the i + 1
    /// selected rows closest (squared Euclidean distance) to the mean of all rows; ties go to the lowest index.
    /// </summary>
    public static int[] Order(Tensor features, int count)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.dim() != 2) throw new ArgumentException($"Herding needs one feature row per sample; got shape [{string.Join(", ", features.shape)}].", nameof(features));
        int n = (int)features.shape[0];
        count = Math.Min(Math.Max(count, 0), n);
        var selected = new int[count];
        if (count == 0) return selected;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var rows = features.detach().to(ScalarType.Float64);
        var center = rows.mean([0L]);
        var selectedSum = zeros_like(center);
        using var infinity = double.PositiveInfinity.ToScalar();
        for (int i = 0; i < count; i++)
        {
            using var step = NewDisposeScope();
            var candidates = rows.Plus(selectedSum).DividedBy((double)(i + 1));
            var distances = candidates.sub(center).Squared().sum([1L]);
            if (i > 0) distances.index_fill_(0, tensor(selected.Take(i).Select(s => (long)s).ToArray(), device: rows.device), infinity);
            int next = (int)distances.argmin().item<long>();
            selected[i] = next;
            selectedSum.PlusInPlace(rows[next]);
        }
        return selected;
    }

    /// <summary>
    /// iCaRL's herding as Avalanche's <c>ICaRL</c> strategy runs it: rank 1..<paramref name="count"/> of the samples
    /// it picks (0 for the others), over the L2-normalized rows of <paramref name="features"/>. The target
    /// <c>w</c> starts at the mean μ; each step picks the row with the largest dot product with <c>w</c> (counted
    /// once, even when picked again) and moves <c>w</c> to <c>w + μ − row</c>; it gives up after 1000 steps.
    /// </summary>
    public static int[] IcarlRanks(Tensor features, int count)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.dim() != 2) throw new ArgumentException($"Herding needs one feature row per sample; got shape [{string.Join(", ", features.shape)}].", nameof(features));
        int n = (int)features.shape[0];
        var ranks = new int[n];
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var d = Normalized(features.detach());
        var mu = d.mean([0L]);
        var w = mu.clone();
        int added = 0;
        for (int step = 0; added < count && step < 1000; step++)
        {
            using var inner = NewDisposeScope();
            int best = (int)d.mv(w).argmax().item<long>();
            if (ranks[best] == 0) ranks[best] = ++added;
            w.PlusInPlace(mu.sub(d[best]));
        }
        return ranks;
    }

    /// <summary>Each row divided by its L2 norm.</summary>
    public static Tensor Normalized(Tensor rows) => rows.div(rows.norm(1, keepdim: true));

    /// <summary>
    /// The features <paramref name="extract"/> gives for the samples of <paramref name="data"/> at <paramref name="positions"/>,
    /// in minibatches of <paramref name="batchSize"/> without gradients, one row per sample.
    /// </summary>
    public static Tensor FeaturesOf(DatasetView data, IReadOnlyList<int> positions, Func<Tensor, Tensor> extract, int batchSize, Device device)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(extract);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var pieces = new List<Tensor>();
        for (int start = 0; start < positions.Count; start += batchSize)
        {
            int length = Math.Min(batchSize, positions.Count - start);
            var inputs = data.GatherInputs(positions.Skip(start).Take(length).ToArray(), modelInputs: true).to(device);
            var features = extract(inputs);
            pieces.Add(features.reshape(features.shape[0], -1));
        }
        return cat(pieces, 0).MoveToOuterDisposeScope();
    }
}
