using CheckpointGen.Inspection;

namespace CheckpointGen.Tool;

/// <summary>
/// Opens a checkpoint file named on the command line and turns what is wrong with it into a
/// <see cref="ToolException"/>: missing, a folder, another kind of file, or a damaged checkpoint.
/// </summary>
internal static class CheckpointInput
{
    /// <summary>Checks that <paramref name="path"/> is an existing file that starts like a checkpoint.</summary>
    public static string RequireCheckpointFile(string path)
    {
        if (Directory.Exists(path))
            throw new ToolException(ExitCodes.NotACheckpoint, $"'{path}' is a folder, not a checkpoint file (ls and verify take a storage folder).");
        if (!File.Exists(path))
            throw new ToolException(ExitCodes.NotFound, $"'{path}': no such file.");
        using var stream = File.OpenRead(path);
        if (!CheckpointInspector.HasCheckpointSignature(stream))
            throw new ToolException(ExitCodes.NotACheckpoint, $"'{path}' is not a CheckpointGen checkpoint (it does not start with the checkpoint signature).");
        return path;
    }

    /// <summary>Describes the checkpoint at <paramref name="path"/>; with <paramref name="verify"/>, checks every checksum first.</summary>
    public static CheckpointDescription Describe(string path, bool verify)
    {
        RequireCheckpointFile(path);
        return Damaged(path, () =>
        {
            if (verify) Checkpoint.Verify(path);
            return CheckpointInspector.Inspect(path);
        });
    }

    /// <summary>Runs <paramref name="read"/>, reporting a format error as a damaged checkpoint named <paramref name="name"/>.</summary>
    public static T Damaged<T>(string name, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (CheckpointFormatException e)
        {
            throw new ToolException(ExitCodes.Damaged, $"'{name}' is damaged: {e.Message}");
        }
    }

    /// <summary>The stored bytes of one tensor (checksums are checked by <see cref="Describe"/> with verify).</summary>
    public static byte[] ReadTensorBytes(string path, TensorDescription tensor)
    {
        var bytes = new byte[checked((int)tensor.Length)];
        using var handle = File.OpenHandle(path);
        for (int done = 0; done < bytes.Length;)
        {
            int read = RandomAccess.Read(handle, bytes.AsSpan(done), tensor.Offset + done);
            if (read == 0) throw new ToolException(ExitCodes.Damaged, $"'{path}' is damaged: tensor #{tensor.Index} ends past the end of the file.");
            done += read;
        }
        return bytes;
    }
}
