using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Templates;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>
/// Fine-tuning: trains on each experience in turn with no protection against forgetting. The
/// lower bound every continual-learning strategy is compared with.
/// </summary>
[Checkpointable]
public partial class Naive : SupervisedTemplate
{
    /// <summary>Creates the strategy (see <see cref="SupervisedTemplate"/> for the parameters).</summary>
    public Naive(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion,
        int trainMbSize = 1, int trainEpochs = 1, int evalMbSize = 1, Device? device = null,
        IEnumerable<IStrategyPlugin>? plugins = null, IStrategyPlugin? evaluator = null, int evalEvery = -1,
        Func<IEnumerable<TorchSharp.Modules.Parameter>, optim.Optimizer>? optimizerFactory = null)
        : base(model, optimizer, criterion, trainMbSize, trainEpochs, evalMbSize, device, plugins, evaluator, evalEvery, optimizerFactory)
    {
    }
}
