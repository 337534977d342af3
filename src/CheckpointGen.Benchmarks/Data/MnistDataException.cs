namespace CheckpointGen.Benchmarks.Data;

/// <summary>
/// MNIST could not be found, fetched or verified. The message says which files are involved and
/// where to put them.
/// </summary>
public sealed class MnistDataException : IOException
{
    /// <summary>Creates the exception.</summary>
    public MnistDataException(string message, Exception? inner = null) : base(message, inner) { }
}
