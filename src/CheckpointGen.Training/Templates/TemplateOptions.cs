using CheckpointGen.Training.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Templates;

/// <summary>
/// The settings every strategy shares (Avalanche's template keyword arguments), so that strategy
/// constructors list only what is their own: <c>new Replay(model, optimizer, criterion, memSize: 500, new() { TrainMbSize = 128 })</c>.
/// </summary>
public sealed record TemplateOptions
{
    /// <summary>Training minibatch size.</summary>
    public int TrainMbSize { get; init; } = 1;

    /// <summary>Epochs per training experience.</summary>
    public int TrainEpochs { get; init; } = 1;

    /// <summary>Skip the last, incomplete training minibatch of each epoch (Avalanche's <c>train(..., drop_last=True)</c>).</summary>
    public bool DropLast { get; init; }

    /// <summary>Evaluation minibatch size.</summary>
    public int EvalMbSize { get; init; } = 1;

    /// <summary>Where the model and the minibatches live (default CPU).</summary>
    public Device? Device { get; init; }

    /// <summary>Plugins (metrics, loggers, extra regularizers, the checkpoint plugin), in event order.</summary>
    public IReadOnlyList<IStrategyPlugin> Plugins { get; init; } = [];

    /// <summary>The evaluation plugin; it receives every event after the plugins.</summary>
    public IStrategyPlugin? Evaluator { get; init; }

    /// <summary>Evaluate the eval streams every this many epochs (0: at the end of each experience; -1: never).</summary>
    public int EvalEvery { get; init; } = -1;

    /// <summary>Builds a new optimizer when a dynamic model's parameters change.</summary>
    public Func<IEnumerable<TorchSharp.Modules.Parameter>, optim.Optimizer>? OptimizerFactory { get; init; }

    /// <summary>These options with <paramref name="plugin"/> placed before the other plugins (a strategy's own plugin runs first).</summary>
    public TemplateOptions WithStrategyPlugin(IStrategyPlugin plugin) => this with { Plugins = [plugin, .. Plugins] };
}
