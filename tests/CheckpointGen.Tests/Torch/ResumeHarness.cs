using Xunit;

namespace CheckpointGen.Tests.Torch;

/// <summary>Trains, checkpoints, keeps training (A); rebuilds everything, restores, trains the same steps (B); A and B must agree bit for bit.</summary>
internal static class ResumeHarness
{
    public const int StepsBeforeSave = 3;

    public static void AssertResumeIsBitIdentical(string optimizer, string scheduler, int stepsAfter)
    {
        string path = Path.Combine(Path.GetTempPath(), $"cg-resume-{Guid.NewGuid():N}.ckpt");
        try
        {
            List<byte[]> uninterrupted;
            List<double> uninterruptedRates;
            byte[] uninterruptedState;
            using (var original = new TrainingRun(optimizer, scheduler))
            {
                original.Train(0, StepsBeforeSave);
                SaveToFile(original.Root(), path);
                original.Train(StepsBeforeSave, stepsAfter);
                uninterrupted = original.Weights();
                uninterruptedRates = original.LearningRates[StepsBeforeSave..];
                uninterruptedState = original.OptimizerStateBytes();
            }

            using var resumed = new TrainingRun(optimizer, scheduler);
            RestoreFromFile(resumed.Root(), path);
            resumed.Train(StepsBeforeSave, stepsAfter);

            Assert.Equal(uninterruptedRates, resumed.LearningRates);
            Assert.True(uninterruptedState.AsSpan().SequenceEqual(resumed.OptimizerStateBytes()), $"the {optimizer} optimizer's state differs after resuming");
            var weights = resumed.Weights();
            Assert.Equal(uninterrupted.Count, weights.Count);
            for (int i = 0; i < weights.Count; i++)
                Assert.True(uninterrupted[i].AsSpan().SequenceEqual(weights[i]), $"parameter {i} differs after resuming {optimizer} with {scheduler}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    // Through a stream: Checkpoint.Save(root, path) currently fails on Linux (AtomicFile opens the folder with File.OpenHandle, which .NET refuses for directories).
    public static void SaveToFile(object root, string path)
    {
        using var file = File.Create(path);
        Checkpoint.Save(root, file);
    }

    public static void RestoreFromFile(object root, string path)
    {
        using var file = File.OpenRead(path);
        Checkpoint.Restore(root, file);
    }
}
