using System.ComponentModel;

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
/// row is an object already restored elsewhere, or one that is not being read now.
/// </remarks>
public interface ICheckpointableRows<TSelf> : ICheckpointable, ICheckpointableRow, ICheckpointableFactory<TSelf>
    where TSelf : class, ICheckpointableRows<TSelf>
{
    /// <summary>Writes the columns of <paramref name="rows"/> (none of them null).</summary>
    static abstract void WriteColumns(CheckpointWriter writer, ReadOnlySpan<TSelf> rows);

    /// <summary>Restores the columns into the non-null entries of <paramref name="rows"/> (as many entries as were saved).</summary>
    static abstract void ReadColumns(CheckpointReader reader, ReadOnlySpan<TSelf?> rows);

    /// <inheritdoc/>
    void ICheckpointableRow.ReadRow(CheckpointReader reader, int row, int rowCount)
    {
        var rows = new TSelf?[rowCount];
        rows[row] = (TSelf)this;
        TSelf.ReadColumns(reader, rows);
    }
}

/// <summary>
/// The non-generic face of <see cref="ICheckpointableRows{TSelf}"/>: it lets a reader that meets a
/// reference to one object of a column group before the group itself (an object listed in a
/// collection but reached first through another member) restore that object alone.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ICheckpointableRow
{
    /// <summary>Restores this object from row <paramref name="row"/> of the column group the reader has open (<paramref name="rowCount"/> rows).</summary>
    void ReadRow(CheckpointReader reader, int row, int rowCount);
}
