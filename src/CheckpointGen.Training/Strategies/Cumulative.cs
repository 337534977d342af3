using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>
/// Cumulative training (Avalanche's <c>Cumulative</c>): each experience is trained on the data of
/// all experiences seen so far — the upper bound of replay with an unlimited buffer.
/// </summary>
[Checkpointable]
public partial class Cumulative : SupervisedTemplate
{
    /// <summary>Creates the strategy.</summary>
    public Cumulative(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, TemplateOptions? options = null)
        : base(model, optimizer, criterion, (options ?? new TemplateOptions()).WithStrategyPlugin(new CumulativePlugin()))
    {
    }
}
