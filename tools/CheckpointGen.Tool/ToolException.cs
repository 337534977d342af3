namespace CheckpointGen.Tool;

/// <summary>An error the tool reports as one line and an exit code (see <see cref="ExitCodes"/>).</summary>
internal sealed class ToolException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
