using CheckpointGen.Reading;
using CheckpointGen.Writing;

namespace CheckpointGen;

/// <summary>
/// An object whose state goes into a checkpoint as one component: a set of members, each stored
/// under a key. The CheckpointGen source generator implements this interface for every
/// <see cref="CheckpointableAttribute">[Checkpointable]</see> type; implement it by hand only for
/// types that need custom encoding.
/// </summary>
/// <remarks>
/// <see cref="WriteCheckpoint"/> writes each member with
/// <see cref="CheckpointWriter.BeginMember"/>, one value, <see cref="CheckpointWriter.EndMember"/>.
/// <see cref="ReadCheckpoint"/> restores into this existing instance: for each member,
/// <see cref="CheckpointReader.TryBeginMember"/> (false when the file lacks the key: keep the
/// current value), read one value, <see cref="CheckpointReader.EndMember"/>.
/// </remarks>
public interface ICheckpointable
{
    /// <summary>Writes this object's members.</summary>
    void WriteCheckpoint(CheckpointWriter writer);

    /// <summary>Restores this object's members in place.</summary>
    void ReadCheckpoint(CheckpointReader reader);
}
