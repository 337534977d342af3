using CheckpointGen.Training.Models;
using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Plugins.Generative;
using CheckpointGen.Training.Templates;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>
/// Deep generative replay for a solver and a generator (Avalanche's <c>GenerativeReplay</c>): the template with a
/// <see cref="TrainGeneratorAfterExpPlugin"/> and a <see cref="GenerativeReplayPlugin"/>. By default the generator is
/// Avalanche's: an <see cref="MlpVae"/> with a 2-dimensional latent space, trained by a <see cref="VaeTraining"/> with
/// Adam (lr 0.01, weight decay 1e-4) for the solver's minibatch size and epochs, replaying its own previous copy.
/// It does not use task labels.
/// </summary>
[Checkpointable]
public partial class GenerativeReplay : SupervisedTemplate
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="model">The solver.</param>
    /// <param name="optimizer">The optimizer over the solver's parameters.</param>
    /// <param name="criterion">The solver's loss.</param>
    /// <param name="sampleShape">The shape of one input sample, for the default generator (default MNIST's <c>[1, 28, 28]</c>).</param>
    /// <param name="generatorStrategy">A strategy training an <see cref="IGenerator"/> with a <see cref="GenerativeReplayPlugin"/> of its own; null: the default VAE.</param>
    /// <param name="replaySize">Replayed samples per minibatch; 0: as many as the minibatch has.</param>
    /// <param name="increasingReplaySize">With <paramref name="replaySize"/> 0: the minibatch's size times the experience's index.</param>
    /// <param name="options">The template's settings (shared with the default generator's strategy: minibatch size, epochs, device).</param>
    /// <param name="resetOptimizers">
    /// Fresh optimizer state for the solver and the default generator before every experience (<see cref="ResetOptimizerPlugin"/>,
    /// Avalanche up to 0.4); the solver's comes from <see cref="TemplateOptions.OptimizerFactory"/>, which must then be given.
    /// </param>
    public GenerativeReplay(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, long[]? sampleShape = null,
        SupervisedTemplate? generatorStrategy = null, int replaySize = 0, bool increasingReplaySize = false, TemplateOptions? options = null,
        bool resetOptimizers = false)
        : base(model, optimizer, criterion, Options(options ?? new TemplateOptions(), sampleShape, generatorStrategy, replaySize, increasingReplaySize, resetOptimizers))
    {
    }

    /// <summary>The solver's replay plugin (previous solver and generator, the generator's strategy).</summary>
    public GenerativeReplayPlugin Plugin => FindPlugin<GenerativeReplayPlugin>() ?? throw new InvalidOperationException("The strategy's plugin is missing.");

    /// <summary>The generator's strategy.</summary>
    public SupervisedTemplate GeneratorStrategy => Plugin.GeneratorStrategy!;

    private static TemplateOptions Options(TemplateOptions options, long[]? sampleShape, SupervisedTemplate? generatorStrategy, int replaySize, bool increasingReplaySize, bool resetOptimizers)
    {
        if (resetOptimizers && options.OptimizerFactory is null)
            throw new ArgumentException("resetOptimizers builds the solver's fresh optimizer with options.OptimizerFactory; give one with the solver optimizer's settings.", nameof(options));
        var generator = generatorStrategy ?? DefaultGenerator(options, sampleShape ?? [1, 28, 28], replaySize, increasingReplaySize, resetOptimizers);
        var withReplay = options
            .WithStrategyPlugin(new GenerativeReplayPlugin(generator, replaySize, increasingReplaySize))
            .WithStrategyPlugin(new TrainGeneratorAfterExpPlugin());
        return resetOptimizers ? withReplay.WithStrategyPlugin(new ResetOptimizerPlugin()) : withReplay;
    }

    /// <summary>
    /// Avalanche's default generator: <c>MlpVAE(shape, nhid=2)</c>, Adam lr 0.01 weight decay 1e-4, the solver's minibatch size
    /// and epochs; with <paramref name="resetOptimizer"/>, fresh Adam state before every experience.
    /// </summary>
    public static VaeTraining DefaultGenerator(TemplateOptions solverOptions, long[] sampleShape, int replaySize = 0, bool increasingReplaySize = false,
        bool resetOptimizer = false)
    {
        ArgumentNullException.ThrowIfNull(solverOptions);
        var vae = new MlpVae(sampleShape, latentSize: 2);
        vae.to(solverOptions.Device ?? CPU);
        Func<IEnumerable<TorchSharp.Modules.Parameter>, optim.Optimizer> adam = parameters => new GcSafeAdam(parameters, lr: 0.01, weightDecay: 0.0001);
        var replay = new GenerativeReplayPlugin(replaySize: replaySize, increasingReplaySize: increasingReplaySize);
        return new VaeTraining(vae, adam(vae.parameters()), new TemplateOptions
        {
            TrainMbSize = solverOptions.TrainMbSize,
            TrainEpochs = solverOptions.TrainEpochs,
            EvalMbSize = solverOptions.EvalMbSize,
            DropLast = solverOptions.DropLast,
            Device = solverOptions.Device,
            OptimizerFactory = adam,
            Plugins = resetOptimizer ? [new ResetOptimizerPlugin(), replay] : [replay],
        });
    }
}
