using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Tests.Support;

/// <summary>What an SGD optimizer carries from step to step: the number of parameters that have a momentum buffer.</summary>
internal static class MomentumBuffers
{
    public static int Count(SupervisedTemplate strategy)
    {
        var state = ((TorchSharp.Modules.OptimizerHelper)strategy.Optimizer).state_dict().State;
        return state.OfType<TorchSharp.Modules.SGD.State>().Count(s => s.momentum_buffer is not null);
    }
}
