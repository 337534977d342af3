using CheckpointGen.Reading;
using CheckpointGen.Writing;

namespace CheckpointGen.Tests.Format.Support;

/// <summary>
/// A component with one member, "v", whose encoding is supplied by the test: the shortest way to
/// round-trip a single value through a real file.
/// </summary>
internal sealed class Probe(Action<CheckpointWriter>? write = null, Action<CheckpointReader>? read = null) : ICheckpointable
{
    public const string Key = "v";

    public void WriteCheckpoint(CheckpointWriter writer)
    {
        writer.BeginMember(Key);
        write!(writer);
        writer.EndMember();
    }

    public void ReadCheckpoint(CheckpointReader reader)
    {
        if (!reader.TryBeginMember(Key)) return;
        read!(reader);
        reader.EndMember();
    }

    /// <summary>Writes one value with <paramref name="write"/>, restores it with <paramref name="read"/>.</summary>
    public static T RoundTrip<T>(Action<CheckpointWriter> write, Func<CheckpointReader, T> read, CheckpointLoadOptions? options = null)
    {
        byte[] file = CheckpointBytes.Save(new Probe(write));
        return Read(file, read, options);
    }

    /// <summary>Restores the probe's value from <paramref name="file"/>.</summary>
    public static T Read<T>(byte[] file, Func<CheckpointReader, T> read, CheckpointLoadOptions? options = null)
    {
        T result = default!;
        bool seen = false;
        CheckpointBytes.Restore(new Probe(read: r => { result = read(r); seen = true; }), file, options);
        Assert.True(seen, "the probe's member was not found in the file");
        return result;
    }
}
