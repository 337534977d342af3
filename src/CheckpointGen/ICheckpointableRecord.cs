using CheckpointGen.Reading;
using CheckpointGen.Writing;

namespace CheckpointGen;

/// <summary>
/// A checkpointable struct that can be stored column by column: a <c>List&lt;T&gt;</c> or <c>T[]</c>
/// of such structs keeps each member's key once and the member's values of all elements together
/// (one block copy for primitive members) instead of one record per element. The source generator
/// implements it for every [Checkpointable] struct; the members are static because a collection's
/// owner cannot reach a struct's private fields.
/// </summary>
/// <remarks>
/// <see cref="WriteColumns"/> writes one member per saved member of the struct, each holding exactly
/// <c>items.Length</c> values (<see cref="CheckpointWriter.BeginPrimitiveColumn{T}"/> or a sequence).
/// <see cref="ReadColumns"/> restores into the elements in place: for each member,
/// <see cref="CheckpointReader.TryBeginMember"/> (false when the file lacks the column: the elements
/// keep their values), then <see cref="CheckpointReader.ReadPrimitiveColumn{T}"/> or
/// <see cref="CheckpointReader.BeginColumn"/> and one value per element.
/// </remarks>
public interface ICheckpointableRecord<TSelf> : ICheckpointable where TSelf : struct, ICheckpointableRecord<TSelf>
{
    /// <summary>Writes the columns of <paramref name="items"/>.</summary>
    static abstract void WriteColumns(CheckpointWriter writer, ReadOnlySpan<TSelf> items);

    /// <summary>Restores the columns into <paramref name="items"/> (as many elements as were saved).</summary>
    static abstract void ReadColumns(CheckpointReader reader, Span<TSelf> items);
}
