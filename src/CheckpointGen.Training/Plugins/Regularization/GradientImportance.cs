using CheckpointGen.Benchmarks.Loading;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Regularization;

/// <summary>
/// The importance pass EWC and MAS share: one ordered pass over the experience's data, a loss per
/// minibatch, backward, and a per-parameter contribution of the gradient, averaged over minibatches.
/// </summary>
internal static class GradientImportance
{
    /// <param name="strategy">The strategy (model, data of the current experience).</param>
    /// <param name="trainMode">Run the model in training mode (MAS) or evaluation mode (EWC), as Avalanche does.</param>
    /// <param name="loss">The minibatch loss to differentiate, from the model's output and the minibatch.</param>
    /// <param name="contribution">What a parameter's gradient adds to its importance; null skips the parameter.</param>
    public static Dictionary<string, Tensor> Mean(SupervisedTemplate strategy, bool trainMode,
        Func<Tensor, Minibatch, Tensor> loss, Func<Parameter, Tensor, Tensor?> contribution)
    {
        var model = strategy.Model;
        model.train(trainMode);
        var importance = ParameterMaps.ZerosLike(model);
        int batches = 0;
        foreach (var batch in OrderedPass.Over(strategy.Experience.Dataset, strategy))
        {
            using (batch)
            using (var scope = NewDisposeScope())
            {
                strategy.Optimizer.zero_grad();
                var output = strategy.Forward(batch.Inputs, batch.TaskLabels);
                loss(output, batch).backward();
                using var noGrad = no_grad();
                foreach (var (name, p) in model.named_parameters())
                    if (p.grad is { } grad && contribution(p, grad) is { } added) importance[name].PlusInPlace(added);
            }
            batches++;
        }
        using (no_grad())
            {
            using var divisor = ((double)batches).ToScalar();
            foreach (var value in importance.Values) value.div_(divisor);
        }
        return importance;
    }
}
