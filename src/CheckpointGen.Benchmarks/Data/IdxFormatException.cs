namespace CheckpointGen.Benchmarks.Data;

/// <summary>An IDX file is damaged, truncated or not of the expected kind. The message names the file and what is wrong.</summary>
public sealed class IdxFormatException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public IdxFormatException(string path, string problem, Exception? inner = null)
        : base($"IDX file '{path}': {problem}", inner)
    {
        FilePath = path;
        Problem = problem;
    }

    /// <summary>The file that failed to parse.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it, without the file name.</summary>
    public string Problem { get; }
}
