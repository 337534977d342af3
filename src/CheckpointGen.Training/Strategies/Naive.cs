using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>
/// Fine-tuning: trains on each experience in turn with no protection against forgetting. The
/// lower bound every continual-learning strategy is compared with.
/// </summary>
[Checkpointable]
public partial class Naive : SupervisedTemplate
{
    /// <summary>Creates the strategy.</summary>
    public Naive(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, TemplateOptions? options = null)
        : base(model, optimizer, criterion, options ?? new TemplateOptions())
    {
    }
}
