using CheckpointGen.Benchmarks.Loading;
using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace Baselines;

/// <summary>Top-1 accuracy on a test stream, computed directly (Avalanche's Top1_Acc_Stream: pooled over all samples of the stream).</summary>
internal static class StreamAccuracy
{
    public static (double Stream, double[] PerExperience) Of(SupervisedTemplate strategy, IEnumerable<Experience> stream)
    {
        var model = strategy.Model;
        bool training = model.training;
        model.eval();
        long correctTotal = 0, seenTotal = 0;
        var perExperience = new List<double>();
        using (no_grad())
        {
            foreach (var experience in stream)
            {
                long correct = 0;
                using var loader = new MinibatchLoader(experience.Dataset, 1000, seed: 0, position: null, shuffle: false, device: strategy.Device);
                foreach (var batch in loader.NextEpoch())
                {
                    using (batch)
                    using (var scope = NewDisposeScope())
                    {
                        var output = strategy.Forward(batch.Inputs, batch.TaskLabels);
                        // CoPE's model gives embeddings; its prediction is the nearest prototype.
                        var predicted = (strategy is CoPE cope ? cope.Plugin.Predict(output) : output).argmax(1);
                        correct += predicted.eq(batch.Targets).sum().item<long>();
                    }
                }
                perExperience.Add((double)correct / experience.Dataset.Count);
                correctTotal += correct;
                seenTotal += experience.Dataset.Count;
            }
        }
        model.train(training);
        return ((double)correctTotal / seenTotal, perExperience.ToArray());
    }
}
