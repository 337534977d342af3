using CheckpointGen.Reading;
using CheckpointGen.Writing;

namespace CheckpointGen.Tests.Format.Support;

/// <summary>A component whose member list is supplied by the test: one type standing for two versions of a class.</summary>
internal sealed class Schema(Action<CheckpointWriter>? write = null, Action<CheckpointReader>? read = null) : ICheckpointable
{
    public void WriteCheckpoint(CheckpointWriter writer) => write!(writer);

    public void ReadCheckpoint(CheckpointReader reader) => read!(reader);

    public static string Key(string member) => $"{typeof(Schema).FullName}.{member}";
}
