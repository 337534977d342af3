using CheckpointGen.Training.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Prototypes;

/// <summary>
/// CoPE's pseudo-prototypical proxy loss (De Lange and Tuytelaars, 2021), computed as Avalanche's <c>PPPloss</c>:
/// for each class c of the minibatch, the samples of c (B<sub>c</sub>) act as pseudo-prototypes beside the
/// prototype p<sub>c</sub>. The attractor term is log of the mean, over p<sub>c</sub> and the other samples of c,
/// of P(c | x) for every x of c; the repellor term is log(1 − P(c | x)) for every sample x of another class,
/// averaged between each pseudo-prototype and p<sub>c</sub>. P is a softmax over the dot products divided by the
/// temperature, against the candidate (pseudo-)prototype and all other classes' prototypes. The loss is minus the
/// sum of both terms over the classes, divided by the minibatch size.
/// </summary>
/// <remarks>
/// As in Avalanche, the gradient flows only through the samples on the right of the dot products (the
/// left-hand operands, candidates and prototypes, are detached). A class of the minibatch without a prototype
/// (only possible with prototypes created as classes appear, before the class was trained on) adds no term,
/// where Avalanche's code fails.
/// </remarks>
public static class PseudoPrototypicalProxyLoss
{
    /// <summary>The loss of <paramref name="embeddings"/> (one row per sample) with labels <paramref name="targets"/>.</summary>
    /// <param name="embeddings">L2-normalized embeddings, <c>[batch, features]</c>.</param>
    /// <param name="targets">Class labels, <c>[batch]</c>.</param>
    /// <param name="classes">The class of each row of <paramref name="prototypes"/>.</param>
    /// <param name="prototypes">The prototypes, <c>[classes, features]</c>.</param>
    /// <param name="temperature">The softmax temperature (Avalanche's <c>T</c>).</param>
    public static Tensor Loss(Tensor embeddings, Tensor targets, IReadOnlyList<int> classes, Tensor prototypes, double temperature)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(prototypes);
        if (prototypes.shape[0] != classes.Count)
            throw new ArgumentException($"{classes.Count} classes for {prototypes.shape[0]} prototypes.", nameof(classes));
        using var scope = NewDisposeScope();
        long batch = embeddings.shape[0];
        var x = embeddings.reshape(batch, -1);
        var p = prototypes.to(x.device).detach();
        using var cpuTargets = targets.cpu();
        var labels = cpuTargets.data<long>().ToArray();
        Tensor? loss = null;
        foreach (long c in labels.Distinct().Order())
        {
            int row = IndexOf(classes, c);
            if (row < 0) continue;
            var inClass = Rows(x, labels, l => l == c);
            var others = Rows(x, labels, l => l != c);
            var pc = p.narrow(0, row, 1);
            var pk = cat([p.narrow(0, 0, row), p.narrow(0, row + 1, p.shape[0] - row - 1)]);
            var term = Attractor(pc, pk, inClass, temperature).Plus(Repellor(pc, pk, inClass, others, temperature)).neg();
            loss = loss is null ? term : loss.Plus(term);
        }
        // No class with a prototype: zero, still part of the graph.
        loss ??= x.sum().mul(HeldScalars.Zero);
        return loss.DividedBy(batch).MoveToOuterDisposeScope();
    }

    /// <summary>Sum over the samples x of c of log E[P(c | x)], the mean over the other samples of c and the prototype.</summary>
    private static Tensor Attractor(Tensor pc, Tensor pk, Tensor inClass, double temperature)
    {
        long n = inClass.shape[0];
        var candidates = cat([inClass, pc, pk]).detach();
        var d = Exponentials(candidates, inClass, temperature);
        using var self = eye(d.shape[0], d.shape[1], ScalarType.Bool, d.device);
        var masked = d.masked_fill(self, HeldScalars.Zero);
        var numerators = masked.narrow(0, 0, n + 1);
        var denominator = masked.narrow(0, n + 1, masked.shape[0] - n - 1).sum(dim: 0);
        var probabilities = numerators.div(numerators.Plus(denominator));
        return probabilities.sum(dim: 0).DividedBy(n).log().sum();
    }

    /// <summary>Sum over the samples x of other classes and the pseudo-prototypes of c of log(1 − P(c | x)), each averaged with the prototype's.</summary>
    private static Tensor Repellor(Tensor pc, Tensor pk, Tensor inClass, Tensor others, double temperature)
    {
        long n = inClass.shape[0];
        var candidates = cat([inClass, pc, pk]).detach();
        var d = Exponentials(candidates, others, temperature);
        var denominator = d.narrow(0, n + 1, d.shape[0] - n - 1).sum(dim: 0).unsqueeze(0);
        var numerators = d.narrow(0, 0, n + 1);
        var probabilities = numerators.div(numerators.Plus(denominator));
        var expected = probabilities.narrow(0, 0, n).Plus(probabilities.narrow(0, n, 1)).DividedBy(2L);
        return expected.neg().Plus(1.0).log().sum();
    }

    /// <summary><c>exp(candidates · samplesᵀ / T)</c>: one row per candidate, one column per sample.</summary>
    private static Tensor Exponentials(Tensor candidates, Tensor samples, double temperature) =>
        DotProducts(candidates, samples).DividedBy(temperature).exp();

    /// <summary>
    /// <c>a · bᵀ</c> as products summed over the features, not <c>mm</c>: libtorch's threaded matrix product stalls
    /// for milliseconds on such small matrices when the cores are busy (a CoPE minibatch made twenty of them).
    /// </summary>
    internal static Tensor DotProducts(Tensor a, Tensor b) => a.unsqueeze(1).mul(b.unsqueeze(0)).sum(dim: -1);

    private static Tensor Rows(Tensor x, long[] labels, Func<long, bool> keep)
    {
        var positions = Enumerable.Range(0, labels.Length).Where(i => keep(labels[i])).Select(i => (long)i).ToArray();
        using var index = tensor(positions, device: x.device);
        return x.index_select(0, index);
    }

    private static int IndexOf(IReadOnlyList<int> classes, long c)
    {
        for (int i = 0; i < classes.Count; i++)
            if (classes[i] == c) return i;
        return -1;
    }
}
