using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Randomness;
using CheckpointGen.Storage;
using CheckpointGen.Training.Checkpointing;
using CheckpointGen.Training.Models;
using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Plugins.Generative;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Generative;

public sealed class GenerativeReplayTests
{
    [Fact]
    public void The_VAE_loss_is_the_summed_squared_error_plus_the_KL_divergence_from_a_standard_normal()
    {
        // Squared error: 0.5² + 0.5² = 0.5. KL: 0.5 · ((−1 − 0 + 1 + 1²) + (−1 − ln 2 + 2 + 0²)) = 0.5 · (2 − ln 2) = 0.6534264.
        using var inputs = tensor(new float[,] { { 1, 2 } });
        using var output = tensor(new float[,] { { 0.5f, 2.5f, 1, 0, 0, (float)Math.Log(2) } });
        var vae = new MlpVae([2], latentSize: 2);
        using var loss = new VaeLoss(vae).call(output, inputs);
        Assert.Equal(1.1534264, loss.item<float>(), 5);
    }

    [Fact]
    public void The_VAE_loss_refuses_labels_as_its_target()
    {
        var vae = new MlpVae([2], latentSize: 2);
        using var output = zeros(3, 6);
        using var labels = zeros(3, ScalarType.Int64);
        var error = Assert.Throws<ArgumentException>(() => new VaeLoss(vae).call(output, labels));
        Assert.Contains("labels?", error.Message);
    }

    [Fact]
    public void The_reparameterisation_is_mean_plus_noise_times_half_exp_logvar_drawn_from_torchs_generator()
    {
        var vae = new MlpVae([2], latentSize: 2);
        using var mean = tensor(new float[,] { { 1, -1 }, { 0, 2 } });
        using var logvar = tensor(new float[,] { { 0, (float)Math.Log(4) }, { -1, 1 } });
        torch.manual_seed(11);
        using var eps = randn(2, 2);
        torch.manual_seed(11);
        using var z = vae.Sampling(mean, logvar);
        var e = eps.data<float>().ToArray();
        float[] expected = [1 + e[0] * 0.5f, -1 + e[1] * 2f, 0 + e[2] * 0.5f * MathF.Exp(-1), 2 + e[3] * 0.5f * MathF.Exp(1)];
        var actual = z.data<float>().ToArray();
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], actual[i], 5);
    }

    [Fact]
    public void The_VAE_generates_samples_in_the_data_shape_standardised_as_the_data()
    {
        var vae = new MlpVae([1, 4, 4], latentSize: 2);
        vae.eval();
        using var samples = vae.Generate(5);
        Assert.Equal([5L, 1, 4, 4], samples.shape);
        Assert.True(samples.min().item<float>() >= -0.1307f / 0.3081f - 1e-5f && samples.max().item<float>() <= 0.8693f / 0.3081f + 1e-5f);
        using var input = randn(3, 1, 4, 4);
        vae.train();
        using var output = vae.call(input);
        Assert.Equal([3L, 16 + 2 + 2], output.shape);
        var (reconstruction, mean, logvar) = vae.Split(output);
        Assert.Equal([3L, 1, 4, 4], reconstruction.shape);
        Assert.Equal([3L, 2], mean.shape);
        Assert.Equal([3L, 2], logvar.shape);
    }

    [Fact]
    public void A_minibatch_gets_as_many_replayed_samples_as_it_has_or_the_fixed_replay_size_or_that_times_the_experience()
    {
        Assert.Equal(16, new GenerativeReplayPlugin().ReplayCount(16, 2));
        Assert.Equal(5, new GenerativeReplayPlugin(replaySize: 5).ReplayCount(16, 2));
        Assert.Equal(32, new GenerativeReplayPlugin(increasingReplaySize: true).ReplayCount(16, 2));
    }

    [Fact]
    public void From_the_second_experience_minibatches_end_with_the_previous_generators_samples_labelled_by_the_previous_solver()
    {
        // Two experiences of one class each, 4 samples: one minibatch of 4 per epoch. The generator draws the fixed rows
        // (2, 1), (0, 3), (−1, −2); the solver's outputs for them are W·x = (2, 1, −3), (0, 3, −3), (−1, −2, 3): classes 0, 1, 2.
        RngManager.SetRandomSeeds(3);
        var benchmark = NcBenchmark.Create("tiny", SyntheticData.Make("train", classes: 2, perClass: 4, features: 2), SyntheticData.Make("test", classes: 2, perClass: 2, features: 2, seed: 2), 2, shuffle: false);
        var solver = nn.Linear(2, 3);
        using (no_grad())
        {
            solver.weight!.copy_(tensor(new float[,] { { 1, 0 }, { 0, 1 }, { -1, -1 } }));
            solver.bias!.zero_();
        }
        var fixedSamples = new FixedSamples(new float[,] { { 2, 1 }, { 0, 3 }, { -1, -2 } });
        var generatorBatches = new FirstMinibatches();
        var generator = new SupervisedTemplate(fixedSamples, new GcSafeSgd(fixedSamples.parameters(), 0), nn.MSELoss(),
            new TemplateOptions { TrainMbSize = 4, Plugins = [new ReconstructionCriterion(), new GenerativeReplayPlugin(replaySize: 3), generatorBatches] });
        var solverBatches = new FirstMinibatches();
        var strategy = new GenerativeReplay(solver, new GcSafeSgd(solver.parameters(), 0), nn.CrossEntropyLoss(), generatorStrategy: generator, replaySize: 3,
            options: new TemplateOptions { TrainMbSize = 4, Plugins = [solverBatches] });

        strategy.Train(benchmark.TrainStream[0]);
        Assert.Equal(4, solverBatches[0].X.shape[0]);
        Assert.Equal(4, generatorBatches[0].X.shape[0]);
        Assert.Null(strategy.Plugin.OldGenerator);

        strategy.Train(benchmark.TrainStream[1]);
        var data = benchmark.TrainStream[1].Dataset;
        foreach (var (batch, labels) in new[] { (solverBatches[1], new long[] { 0, 1, 2 }), (generatorBatches[1], new long[] { 0, 0, 0 }) })
        {
            Assert.Equal(7, batch.X.shape[0]);
            Assert.Equal([-1, -1, -1], batch.Positions[4..]);
            using var dataRows = data.GatherInputs(batch.Positions[..4], modelInputs: true);
            Assert.True(batch.X.narrow(0, 0, 4).equal(dataRows).all().item<bool>(), "the minibatch does not start with the experience's samples");
            Assert.Equal(new float[] { 2, 1, 0, 3, -1, -2 }, batch.X.narrow(0, 4, 3).data<float>().ToArray());
            Assert.Equal(Enumerable.Repeat(1L, 4).Concat(labels), batch.Y.data<long>().ToArray());
            Assert.Equal(new long[7], batch.Tasks.data<long>().ToArray());
        }
    }

    [Fact]
    public void The_generator_is_trained_after_each_experience_on_its_data_and_its_iterations_are_checkpoint_points()
    {
        var run = RehearsalRuns.GenerativeReplay();
        var strategy = (GenerativeReplay)run.Strategy;
        var points = new CheckpointPoints();
        strategy.AddPlugin(points);
        run.Train(0);
        // 60 samples in minibatches of 16, 2 epochs: 8 iterations each; inside an epoch 3 are followed by a checkpoint point.
        Assert.Equal(8, strategy.Clock.TrainIterations);
        Assert.Equal(8, strategy.GeneratorStrategy.Clock.TrainIterations);
        Assert.Equal(12, points.Iterations);
        Assert.False(strategy.Plugin.UntrainedSolver);
    }

    [Fact]
    public void Periodic_checkpoints_go_on_inside_the_generators_training_numbered_after_the_solvers_iterations()
    {
        var folder = Directory.CreateTempSubdirectory("ckpt-generative-").FullName;
        try
        {
            var run = RehearsalRuns.GenerativeReplay();
            using (var storage = new FileSystemCheckpointStorage(folder, keep: 100))
            {
                run.Strategy.AddPlugin(new CheckpointPlugin(storage, saveEveryIterations: 1));
                run.Train(0);
                // The solver's 8 iterations (a point after each but an epoch's last) are checkpoints 1–3 and 5–7; the
                // generator's, counted after them, 8 + 1–3 and 8 + 5–7.
                Assert.Equal([1L, 2, 3, 5, 6, 7, 9, 10, 11, 13, 14, 15], storage.List().Select(c => c.Sequence).Order());
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void GenerativeReplay_resumed_after_experience_1_is_bit_identical() =>
        ResumeHarness.AssertStopAfterExperienceIsInvisible(RehearsalRuns.GenerativeReplay, 3, 1);

    [Fact]
    public void GenerativeReplay_resumed_inside_the_solvers_training_of_experience_2_is_bit_identical() =>
        ResumeHarness.AssertStopInsideExperienceIsInvisible(RehearsalRuns.GenerativeReplay, 3, 2, 3,
            checkRestored: restored => Assert.NotNull(((GenerativeReplay)restored).Plugin.OldModel));

    [Fact]
    public void GenerativeReplay_resumed_inside_the_generators_training_of_experience_1_is_bit_identical() =>
        // The solver's 8 iterations of experience 1 end its epochs; the next checkpoint point is the generator's first iteration.
        ResumeHarness.AssertStopInsideExperienceIsInvisible(RehearsalRuns.GenerativeReplay, 3, 1, 8,
            checkRestored: restored => Assert.True(((GenerativeReplay)restored).GeneratorStrategy.Progress.InExperience, "the checkpoint should have been taken inside the generator's training"));

    /// <summary>A generator whose samples are given rows; its forward pass scales the input by a parameter (1).</summary>
    private sealed class FixedSamples : nn.Module<Tensor, Tensor>, IGenerator
    {
        private readonly Tensor _rows;
        private readonly TorchSharp.Modules.Parameter scale = new(ones(1));

        public FixedSamples(float[,] rows) : base(nameof(FixedSamples))
        {
            _rows = tensor(rows);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => input.mul(scale);

        public Tensor Generate(long count) => _rows.narrow(0, 0, count).clone();
    }

    /// <summary>The first training minibatch of each experience, copied.</summary>
    private sealed class FirstMinibatches : IStrategyPlugin
    {
        private readonly List<(Tensor X, Tensor Y, Tensor Tasks, int[] Positions)> _batches = [];
        private bool _first;

        public (Tensor X, Tensor Y, Tensor Tasks, int[] Positions) this[int experience] => _batches[experience];

        void IStrategyPlugin.BeforeTrainingExp(SupervisedTemplate strategy) => _first = true;

        void IStrategyPlugin.BeforeTrainingIteration(SupervisedTemplate strategy)
        {
            if (!_first) return;
            _first = false;
            _batches.Add((Copy(strategy.MbX), Copy(strategy.MbY), Copy(strategy.MbTaskId), [.. strategy.MbPositions]));
        }

        private static Tensor Copy(Tensor t) => t.detach().clone().DetachFromDisposeScope();
    }

    /// <summary>Counts the training-iteration checkpoint points the strategy's plugins are offered.</summary>
    private sealed class CheckpointPoints : IStrategyPlugin
    {
        public int Iterations { get; private set; }

        void IStrategyPlugin.OnCheckpointPoint(SupervisedTemplate strategy, CheckpointPoint point)
        {
            if (point == CheckpointPoint.TrainingIteration) Iterations++;
        }
    }
}
