using CheckpointGen.Reading;
using CheckpointGen.Writing;

namespace CheckpointGen;

/// <summary>
/// A sealed checkpointable class whose lists and arrays can be stored column by column
/// (<see cref="Format.ValueTag.ObjectColumns"/>): each member's key once, then that member's values
/// of all the collection's new objects, instead of one component (with its own keyed member list)
/// per object. Identity is kept: every object still gets its component id, so an object reached
/// from two places is one object after a restore, wherever it is met first. The source generator
/// implements it for every sealed, non-abstract [Checkpointable] class with a parameterless
/// constructor and no [Checkpointable] base class (a sealed class has no derived types, so every
/// element of such a collection has exactly this type or is null).
/// </summary>
/// <remarks>
/// <see cref="WriteColumns"/> writes one member per saved member of the class, each holding exactly
/// <c>rows.Length</c> values, as <see cref="ICheckpointableRecord{TSelf}.WriteColumns"/> does.
/// <see cref="ReadColumns"/> restores into the rows in place and must skip the values of null rows
/// with <see cref="CheckpointReader.SkipValue"/> (or leave a primitive column's entry unused): a null
/// row is an object already restored, reached through another reference before its collection. Such
/// a row, and every row of a collection read by code that restores one object at a time (the class
/// is no longer sealed, say), is restored through <see cref="ICheckpointable.ReadCheckpoint"/> from
/// the member list the reader rebuilds from the columns, so both methods must read the same members.
/// </remarks>
public interface ICheckpointableRows<TSelf> : ICheckpointable, ICheckpointableFactory<TSelf>
    where TSelf : class, ICheckpointableRows<TSelf>
{
    /// <summary>Writes the columns of <paramref name="rows"/> (none of them null).</summary>
    static abstract void WriteColumns(CheckpointWriter writer, ReadOnlySpan<TSelf> rows);

    /// <summary>Restores the columns into the non-null entries of <paramref name="rows"/> (as many entries as were saved).</summary>
    static abstract void ReadColumns(CheckpointReader reader, ReadOnlySpan<TSelf?> rows);
}
