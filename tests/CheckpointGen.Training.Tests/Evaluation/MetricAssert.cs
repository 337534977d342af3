namespace CheckpointGen.Training.Tests.Evaluation;

internal static class MetricAssert
{
    /// <summary>Element-wise equality within <paramref name="tolerance"/> (0.0 and −0.0 are equal).</summary>
    public static void Close(double[] expected, double[] actual, double tolerance = 1e-9)
    {
        Assert.True(expected.Length == actual.Length, $"Expected {expected.Length} values [{string.Join(", ", expected)}], got {actual.Length} [{string.Join(", ", actual)}].");
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"Value {i}: expected {expected[i]}, got {actual[i]}.");
    }
}
