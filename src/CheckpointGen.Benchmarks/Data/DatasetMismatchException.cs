namespace CheckpointGen.Benchmarks.Data;

/// <summary>
/// State that refers to samples by index (a replay buffer, a loader position) was saved against one
/// dataset and is being restored against another.
/// </summary>
public sealed class DatasetMismatchException : CheckpointException
{
    /// <summary>Creates the exception.</summary>
    public DatasetMismatchException(string message) : base(message) { }
}
