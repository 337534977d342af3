using System.Diagnostics;
using CheckpointGen;
using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Templates;

namespace SplitMnistCheckpointing;

/// <summary>Measures training throughput of this process (images per second inside training experiences).</summary>
[Checkpointable]
internal sealed partial class ThroughputMeter : IStrategyPlugin
{
    // A measurement of this process only: a resumed run measures itself.
    [CheckpointIgnore] private readonly Stopwatch _training = new();
    [CheckpointIgnore] private long _images;

    public double ImagesPerSecond => _training.Elapsed.TotalSeconds > 0 ? _images / _training.Elapsed.TotalSeconds : 0;

    public TimeSpan TrainingTime => _training.Elapsed;

    public long Images => _images;

    void IStrategyPlugin.BeforeTrainingExp(SupervisedTemplate strategy) => _training.Start();

    void IStrategyPlugin.AfterTrainingIteration(SupervisedTemplate strategy) => _images += strategy.MbX.shape[0];

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy) => _training.Stop();
}
