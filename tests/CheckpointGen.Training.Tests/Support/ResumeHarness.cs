using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Randomness;
using CheckpointGen.Training.Checkpointing;
using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Templates;
using TorchSharp;

namespace CheckpointGen.Training.Tests.Support;

/// <summary>
/// One training run of a strategy on a benchmark, built by the same code in every process: what the
/// harness builds for the straight run, for the run that stops, and for the resumed run.
/// </summary>
/// <param name="Strategy">The strategy (model, optimizer, plugins).</param>
/// <param name="Benchmark">The benchmark whose train stream is trained in order.</param>
/// <param name="TrainExperience">How the run trains experience k (default: <c>Strategy.Train(stream[k])</c>).</param>
internal sealed record ResumableRun(SupervisedTemplate Strategy, ContinualBenchmark Benchmark, Action<int>? TrainExperience = null)
{
    public void Train(int experience)
    {
        if (TrainExperience is not null) TrainExperience(experience);
        else Strategy.Train(Benchmark.TrainStream[experience]);
    }
}

/// <summary>
/// "Run straight through" against "stop, rebuild everything, restore, continue": the model's
/// parameters and buffers, the optimizer's state and the clock must be bit-identical. Usable by any
/// strategy: give it a function that builds the run from nothing (seeds included).
/// </summary>
internal static class ResumeHarness
{
    /// <summary>
    /// Run A trains experiences 0..<paramref name="experiences"/>−1. Run B trains 0..<paramref name="stopAfter"/>−1,
    /// saves (strategy + every RNG), is discarded; a fresh run restores and trains the rest.
    /// </summary>
    /// <param name="pluginState">Tensors outside the model and optimizer that must match too (a plugin's prototypes).</param>
    public static void AssertStopAfterExperienceIsInvisible(Func<ResumableRun> build, int experiences, int stopAfter, PluginState? pluginState = null)
    {
        var straight = build();
        for (int k = 0; k < experiences; k++) straight.Train(k);
        var expected = Snapshot.Of(straight.Strategy, pluginState);

        var first = build();
        for (int k = 0; k < stopAfter; k++) first.Train(k);
        var checkpoint = Save(first.Strategy, first.Benchmark);

        var resumed = build();
        Restore(resumed.Strategy, checkpoint, resumed.Benchmark);
        for (int k = stopAfter; k < experiences; k++) resumed.Train(k);
        expected.AssertEqual(Snapshot.Of(resumed.Strategy, pluginState), $"stop after experience {stopAfter}");
    }

    /// <summary>
    /// Run B is interrupted inside experience <paramref name="experience"/> after
    /// <paramref name="iterations"/> iterations (a checkpoint taken at the template's checkpoint point),
    /// then a fresh run restores, trains the interrupted experience again (it resumes) and the rest.
    /// <paramref name="checkRestored"/>, if given, checks the restored strategy before it trains (where the checkpoint was taken).
    /// </summary>
    public static void AssertStopInsideExperienceIsInvisible(Func<ResumableRun> build, int experiences, int experience, int iterations,
        PluginState? pluginState = null, Action<SupervisedTemplate>? checkRestored = null)
    {
        var straight = build();
        for (int k = 0; k < experiences; k++) straight.Train(k);
        var expected = Snapshot.Of(straight.Strategy, pluginState);

        var first = build();
        for (int k = 0; k < experience; k++) first.Train(k);
        var stopper = new StopAfterIterations(iterations);
        first.Strategy.AddPlugin(stopper);
        Assert.Throws<RunInterrupted>(() => first.Train(experience));
        Assert.NotNull(stopper.Checkpoint);

        var resumed = build();
        Restore(resumed.Strategy, stopper.Checkpoint!);
        Assert.True(resumed.Strategy.Progress.InExperience, "the checkpoint should have been taken inside the experience");
        checkRestored?.Invoke(resumed.Strategy);
        for (int k = experience; k < experiences; k++) resumed.Train(k);
        expected.AssertEqual(Snapshot.Of(resumed.Strategy, pluginState), $"stop inside experience {experience} after {iterations} iterations");
    }

    /// <summary>The checkpoint of <paramref name="strategy"/>, recording <paramref name="benchmark"/>'s identity when given.</summary>
    public static byte[] Save(SupervisedTemplate strategy, ContinualBenchmark? benchmark = null)
    {
        using var stream = new MemoryStream();
        Checkpoint.Save(new StrategyCheckpoint(strategy, RngManager.Default, benchmark?.Identity), stream);
        return stream.ToArray();
    }

    public static void Restore(SupervisedTemplate strategy, byte[] checkpoint, ContinualBenchmark? benchmark = null)
    {
        using var stream = new MemoryStream(checkpoint);
        Checkpoint.Restore(new StrategyCheckpoint(strategy, RngManager.Default, benchmark?.Identity), stream);
    }

    private sealed class RunInterrupted : Exception;

    /// <summary>Saves at the first consistent point after N iterations, then kills the run (an exception).</summary>
    private sealed class StopAfterIterations(int iterations) : IStrategyPlugin
    {
        private int _seen;

        public byte[]? Checkpoint { get; private set; }

        void IStrategyPlugin.AfterTrainingIteration(SupervisedTemplate strategy) => _seen++;

        void IStrategyPlugin.OnCheckpointPoint(SupervisedTemplate strategy, CheckpointPoint point)
        {
            if (point != CheckpointPoint.TrainingIteration || _seen < iterations) return;
            // The stopper itself is not part of the resumed run's plugins: save without it.
            var plugins = (List<IStrategyPlugin>)strategy.Plugins;
            plugins.Remove(this);
            Checkpoint = Save(strategy);
            throw new RunInterrupted();
        }
    }
}

/// <summary>Named tensors of a strategy's plugins that a <see cref="Snapshot"/> compares beside the model's.</summary>
internal delegate IEnumerable<(string Name, torch.Tensor Value)> PluginState(SupervisedTemplate strategy);

/// <summary>
/// The observable state of a run: parameters and buffers, optimizer state, clock (and plugin tensors when asked); the same
/// of a template trained inside it (a generator).
/// </summary>
internal sealed class Snapshot
{
    private readonly List<(string Name, byte[] Bytes)> _model = [];
    private readonly List<(string Name, byte[] Bytes)> _optimizer = [];
    private readonly List<Snapshot> _nested = [];
    private string _clock = "";

    public static Snapshot Of(SupervisedTemplate strategy, PluginState? pluginState = null)
    {
        var snapshot = new Snapshot { _clock = strategy.Clock.ToString() };
        foreach (var plugin in strategy.Plugins)
            if (plugin is INestedTraining { NestedStrategy: { } nested }) snapshot._nested.Add(Of(nested));
        foreach (var (name, tensor) in strategy.Model.state_dict())
            snapshot._model.Add((name, tensor.cpu().bytes.ToArray()));
        foreach (var (name, tensor) in pluginState?.Invoke(strategy) ?? [])
            snapshot._model.Add(($"plugin:{name}", tensor.cpu().bytes.ToArray()));
        if (strategy.Optimizer is not TorchSharp.Modules.OptimizerHelper helper)
            throw new InvalidOperationException($"Cannot read the state of a {strategy.Optimizer.GetType().Name}.");
        int i = 0;
        foreach (var entry in helper.state_dict().State)
            foreach (var field in entry.GetType().GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic))
                if (field.GetValue(entry) is torch.Tensor t && !t.IsInvalid)
                    snapshot._optimizer.Add(($"{i++}.{field.Name}", t.cpu().bytes.ToArray()));
        return snapshot;
    }

    public void AssertEqual(Snapshot other, string what)
    {
        Assert.Equal(_clock, other._clock);
        Assert.Equal(_model.Select(m => m.Name), other._model.Select(m => m.Name));
        for (int i = 0; i < _model.Count; i++)
            Assert.True(_model[i].Bytes.AsSpan().SequenceEqual(other._model[i].Bytes), $"{_model[i].Name} differs ({what})");
        Assert.Equal(_optimizer.Count, other._optimizer.Count);
        for (int i = 0; i < _optimizer.Count; i++)
            Assert.True(_optimizer[i].Bytes.AsSpan().SequenceEqual(other._optimizer[i].Bytes), $"optimizer state {_optimizer[i].Name} differs ({what})");
        Assert.Equal(_nested.Count, other._nested.Count);
        for (int i = 0; i < _nested.Count; i++) _nested[i].AssertEqual(other._nested[i], $"{what}, nested template {i}");
    }
}
