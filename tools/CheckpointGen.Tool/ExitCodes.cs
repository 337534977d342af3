namespace CheckpointGen.Tool;

/// <summary>The tool's exit codes, documented in docs/tool.md.</summary>
internal static class ExitCodes
{
    /// <summary>Done; for verify: every checkpoint intact; for diff: no difference.</summary>
    public const int Ok = 0;

    /// <summary>diff: the checkpoints differ.</summary>
    public const int Different = 1;

    /// <summary>The command line is wrong (unknown command or option, missing or invalid value).</summary>
    public const int Usage = 2;

    /// <summary>A checkpoint is damaged: truncated, a checksum mismatch, a broken structure, or a format newer than this tool.</summary>
    public const int Damaged = 3;

    /// <summary>A file is not a checkpoint (another kind of file, or a folder where a file was expected).</summary>
    public const int NotACheckpoint = 4;

    /// <summary>A file, folder or storage does not exist, or a storage address is not understood.</summary>
    public const int NotFound = 5;

    /// <summary>The command could not do what was asked (output not writable, nothing to export, a storage in use, a copy that would replace checkpoints).</summary>
    public const int Failed = 6;
}
