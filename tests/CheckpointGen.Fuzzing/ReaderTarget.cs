using CheckpointGen.Inspection;

namespace CheckpointGen.Fuzzing;

/// <summary>
/// One fuzz input through every public way of reading a checkpoint: <see cref="Checkpoint.Verify"/> (from a file),
/// <see cref="CheckpointInspector.Inspect(Stream)"/> with its rendering, and <see cref="Checkpoint.Restore(object, Stream, CheckpointLoadOptions?)"/>
/// into a fresh <see cref="FuzzRoot"/>, once as given and once with its directory checksums recomputed
/// (<see cref="ChecksumRepair"/>). A <see cref="CheckpointException"/> is the expected answer to bad bytes; any other
/// exception escapes and is a finding.
/// </summary>
internal sealed class ReaderTarget(string scratchFile)
{
    public void Run(ReadOnlySpan<byte> input)
    {
        foreach (var _ in Read(input.ToArray())) { }
    }

    /// <summary>Each read of <paramref name="bytes"/> and the checkpoint error it ended with (null: it succeeded).</summary>
    public IEnumerable<(string Read, CheckpointException? Error)> Read(byte[] bytes)
    {
        foreach (var outcome in ReadAsIs(bytes)) yield return outcome;
        if (ChecksumRepair.Repair(bytes) is not { } repaired) yield break;
        foreach (var (read, error) in ReadAsIs(repaired)) yield return (read + " (checksums recomputed)", error);
    }

    private IEnumerable<(string Read, CheckpointException? Error)> ReadAsIs(byte[] bytes)
    {
        File.WriteAllBytes(scratchFile, bytes);
        yield return ("verify", Contained(() => Checkpoint.Verify(scratchFile)));
        yield return ("inspect", Contained(() => CheckpointInspector.Inspect(new MemoryStream(bytes, writable: false)).Render()));
        yield return ("restore", Contained(() => Checkpoint.Restore(new FuzzRoot(), new MemoryStream(bytes, writable: false))));
    }

    private static CheckpointException? Contained(Action read)
    {
        try
        {
            read();
            return null;
        }
        catch (CheckpointException e)
        {
            return e;
        }
    }
}
