using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Scenarios;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Evaluation;

/// <summary>
/// Tiny streams for <see cref="ScriptedModel"/>: experience e holds classes 2e and 2e+1, four samples
/// labelled [2e, 2e, 2e+1, 2e+1]. For each stage the script says how many samples of each experience
/// are predicted right: the first k samples are right, the others predicted as (label + 1) mod C.
/// </summary>
internal static class ScriptedStreams
{
    public const int Experiences = 3;
    public const int Classes = 6;

    /// <summary>A stream whose input column s predicts <paramref name="correct"/>[s][e] samples of experience e right.</summary>
    public static ExperienceStream Build(string name, int[][] correct)
    {
        int stages = correct.Length;
        var experiences = new List<Experience>();
        for (int e = 0; e < Experiences; e++)
        {
            int[] labels = [2 * e, 2 * e, 2 * e + 1, 2 * e + 1];
            var inputs = new float[labels.Length, stages];
            for (int i = 0; i < labels.Length; i++)
                for (int s = 0; s < stages; s++)
                    inputs[i, s] = i < correct[s][e] ? labels[i] : (labels[i] + 1) % Classes;
            var dataset = new TensorDataset($"{name}-{e}", name, tensor(inputs), tensor(labels.Select(l => (long)l).ToArray()));
            experiences.Add(new Experience(name, e, dataset.All, taskLabel: 0, classes: [2 * e, 2 * e + 1]));
        }
        return new ExperienceStream(name, experiences);
    }
}
