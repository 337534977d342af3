namespace CheckpointGen.PerfBenchmarks.GeneratedState;

/// <summary>
/// Deep comparisons of the benchmark states, used before measuring to prove that every variant
/// restores exactly what it saved (bit-for-bit floats). Each throws naming the first difference.
/// </summary>
public static class StateEquality
{
    public static void AssertSame(ReplayBuffer expected, ReplayBuffer actual, string variant)
    {
        Check(expected.Capacity == actual.Capacity && expected.SeenCount == actual.SeenCount, variant, "the buffer's counters differ");
        AssertSameSamples(expected.Samples, actual.Samples, variant);
    }

    public static void AssertSame(OpenReplayBuffer expected, OpenReplayBuffer actual, string variant)
    {
        Check(expected.Capacity == actual.Capacity && expected.SeenCount == actual.SeenCount, variant, "the buffer's counters differ");
        AssertSameSamples(expected.Samples, actual.Samples, variant);
    }

    public static void AssertSame(SampleStatistics expected, SampleStatistics actual, string variant)
    {
        Check(expected.Stats.Count == actual.Stats.Count && expected.Records.Count == actual.Records.Count, variant, "the number of entries differs");
        foreach (var (index, stats) in expected.Stats)
            Check(actual.Stats.TryGetValue(index, out var restored) && restored.Equals(stats), variant, $"the statistics of example {index} differ");
        foreach (var (index, record) in expected.Records)
        {
            Check(actual.Records.TryGetValue(index, out var restored) && !ReferenceEquals(record, restored), variant, $"the record of example {index} is missing or not a restored copy");
            Check((record.Seen, record.Forgotten, record.LossSum, record.LastStep) == (restored!.Seen, restored.Forgotten, restored.LossSum, restored.LastStep),
                variant, $"the record of example {index} differs");
        }
    }

    private static void AssertSameSamples<T>(List<T> expected, List<T> actual, string variant) where T : class, IReplaySample
    {
        Check(expected.Count == actual.Count, variant, $"{actual.Count} samples restored, {expected.Count} saved");
        for (int i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Check(!ReferenceEquals(e, a), variant, $"sample {i} is the saved object itself, not a restored copy");
            Check(e.Label == a.Label && e.TaskId == a.TaskId, variant, $"sample {i}'s label or task id differs");
            Check(e.Pixels.AsSpan().SequenceEqual(a.Pixels), variant, $"sample {i}'s pixels differ");
        }
    }

    public static void AssertSame(ColumnarReplayBuffer expected, ColumnarReplayBuffer actual, string variant)
    {
        Check(expected.Capacity == actual.Capacity && expected.SeenCount == actual.SeenCount && expected.PixelsPerSample == actual.PixelsPerSample,
            variant, "the buffer's scalars differ");
        Check(!ReferenceEquals(expected.Pixels, actual.Pixels) && expected.Pixels.AsSpan().SequenceEqual(actual.Pixels), variant, "the pixel column differs");
        Check(expected.Labels.AsSpan().SequenceEqual(actual.Labels), variant, "the label column differs");
        Check(expected.TaskIds.AsSpan().SequenceEqual(actual.TaskIds), variant, "the task id column differs");
    }

    public static void AssertSame(MetricsStore expected, MetricsStore actual, string variant)
    {
        Check(expected.CurrentExperience == actual.CurrentExperience, variant, "CurrentExperience differs");
        Check(expected.ExperienceNames.SequenceEqual(actual.ExperienceNames), variant, "ExperienceNames differ");
        Check(expected.Curves.Count == actual.Curves.Count, variant, "the number of curves differs");
        foreach (var (name, points) in expected.Curves)
        {
            Check(actual.Curves.TryGetValue(name, out var restored), variant, $"curve '{name}' is missing");
            Check(!ReferenceEquals(points, restored) && points.SequenceEqual(restored!), variant, $"curve '{name}' differs");
        }
        Check(expected.FinalByExperience.Count == actual.FinalByExperience.Count, variant, "the number of experiences in FinalByExperience differs");
        foreach (var (experience, finals) in expected.FinalByExperience)
        {
            Check(actual.FinalByExperience.TryGetValue(experience, out var restored), variant, $"FinalByExperience['{experience}'] is missing");
            Check(SameEntries(finals, restored!), variant, $"FinalByExperience['{experience}'] differs");
        }
        Check(expected.AccuracyMatrix.Count == actual.AccuracyMatrix.Count, variant, "the accuracy matrix's row count differs");
        foreach (var (trainedOn, row) in expected.AccuracyMatrix)
        {
            Check(actual.AccuracyMatrix.TryGetValue(trainedOn, out var restored), variant, $"accuracy row {trainedOn} is missing");
            Check(SameEntries(row, restored!), variant, $"accuracy row {trainedOn} differs");
        }
    }

    private static bool SameEntries<TKey>(Dictionary<TKey, double> expected, Dictionary<TKey, double> actual) where TKey : notnull =>
        expected.Count == actual.Count &&
        expected.All(entry => actual.TryGetValue(entry.Key, out double value) && BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(entry.Value));

    private static void Check(bool condition, string variant, string difference)
    {
        if (!condition) throw new InvalidOperationException($"{variant} does not round-trip: {difference}.");
    }
}
