using CheckpointGen.Training.Templates;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Rehearsal;

/// <summary>
/// The gradient measures of GSS (Aljundi et al., 2019; Avalanche's <c>GSS_greedyPlugin</c>): a
/// sample's gradient as one vector over all parameters, and its largest cosine similarity to the
/// gradients of random subsets of the memory.
/// </summary>
public static class GradientSimilarity
{
    /// <summary>Avalanche's <c>cosine_similarity</c>: <c>x1·x2ᵀ / max(|x1|·|x2|ᵀ, eps)</c>, rows against rows.</summary>
    public static Tensor Cosine(Tensor x1, Tensor x2, double eps = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(x1);
        ArgumentNullException.ThrowIfNull(x2);
        using var scope = NewDisposeScope();
        using var epsilon = eps.ToScalar();
        var w1 = x1.norm(1, keepdim: true, p: 2);
        var w2 = x2.norm(1, keepdim: true, p: 2);
        return (x1.mm(x2.t()) / (w1 * w2.t()).clamp_min(epsilon)).MoveToOuterDisposeScope();
    }

    /// <summary>The gradients of <paramref name="parameters"/> as one vector (zeros where a parameter has none).</summary>
    public static Tensor Vector(IReadOnlyList<Parameter> parameters)
    {
        using var scope = NewDisposeScope();
        var pieces = parameters.Select(p => p.grad is { } g ? g.detach().reshape(-1) : zeros(p.numel(), device: p.device)).ToList();
        return cat(pieces, 0).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The gradient vector of the criterion's loss on (<paramref name="inputs"/>, <paramref name="targets"/>),
    /// after clearing the parameters' gradients (which it leaves set, as Avalanche's does).
    /// </summary>
    public static Tensor Of(SupervisedTemplate strategy, IReadOnlyList<Parameter> parameters, Tensor inputs, Tensor targets, Tensor taskLabels)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        foreach (var p in parameters) p.grad = null;
        using (var scope = NewDisposeScope())
            strategy.Criterion.call(strategy.Forward(inputs, taskLabels), targets).backward();
        return Vector(parameters);
    }

    /// <summary>
    /// Gradient vectors of up to <paramref name="memoryStrength"/> disjoint random subsets of the first
    /// <paramref name="count"/> memory samples, each of <paramref name="batchSize"/> samples (Avalanche's
    /// <c>get_rand_mem_grads</c>; the subsets come from torch's global generator).
    /// </summary>
    /// <remarks>
    /// Avalanche takes <c>min(memoryStrength, count / batchSize)</c> subsets, none when the memory holds
    /// fewer samples than a minibatch, and then fails taking the maximum of no similarity; here one
    /// subset of all <paramref name="count"/> samples is taken in that case.
    /// </remarks>
    public static Tensor MemorySubsets(SupervisedTemplate strategy, IReadOnlyList<Parameter> parameters, Tensor memoryInputs, Tensor memoryTargets,
        Tensor memoryTaskLabels, int count, int batchSize, int memoryStrength)
    {
        ArgumentNullException.ThrowIfNull(memoryInputs);
        int subsetSize = Math.Min(batchSize, count);
        int subsets = Math.Max(1, Math.Min(memoryStrength, count / Math.Max(batchSize, 1)));
        using var shuffled = randperm(count, device: memoryInputs.device);
        var grads = new List<Tensor>();
        try
        {
            for (int i = 0; i < subsets; i++)
            {
                using var scope = NewDisposeScope();
                var index = shuffled.narrow(0, (long)i * subsetSize, subsetSize);
                var x = memoryInputs.index_select(0, index);
                var y = memoryTargets.index_select(0, index);
                grads.Add(Of(strategy, parameters, x, y, memoryTaskLabels.index_select(0, index)).MoveToOuterDisposeScope());
            }
            return stack(grads, 0);
        }
        finally
        {
            foreach (var g in grads) g.Dispose();
        }
    }

    /// <summary>
    /// For every sample, the largest cosine similarity between its own gradient and the rows of
    /// <paramref name="memoryGradients"/> (Avalanche's <c>get_each_batch_sample_sim</c>).
    /// </summary>
    public static Tensor PerSample(SupervisedTemplate strategy, IReadOnlyList<Parameter> parameters, Tensor memoryGradients, Tensor inputs, Tensor targets, Tensor taskLabels)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        long n = inputs.shape[0];
        var similarity = zeros(n, device: inputs.device);
        for (long i = 0; i < n; i++)
        {
            using var scope = NewDisposeScope();
            var gradient = Of(strategy, parameters, inputs.narrow(0, i, 1), targets.narrow(0, i, 1), taskLabels.narrow(0, i, 1));
            similarity[i] = Cosine(memoryGradients, gradient.unsqueeze(0)).max();
        }
        return similarity;
    }
}
