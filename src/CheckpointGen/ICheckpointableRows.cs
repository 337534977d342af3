using CheckpointGen.Reading;
using CheckpointGen.Writing;

namespace CheckpointGen;

/// <summary>
/// A checkpointable class whose lists and arrays can be stored as object columns (docs/format.md):
/// each member's key once, then its values of all the collection's new objects, every object keeping
/// its component id. The source generator implements it for the [Checkpointable] classes that allow it
/// (docs/generator.md, "Object columns").
/// </summary>
/// <remarks>
/// <see cref="WriteColumns"/> writes one member per saved member of the class, each holding exactly
/// <c>rows.Length</c> values, as <see cref="ICheckpointableRecord{TSelf}.WriteColumns"/> does.
/// <see cref="ReadColumns"/> restores the non-null rows in place and steps over a null row's values with
/// <see cref="CheckpointReader.SkipValue"/> (that object was restored already). A row can also be
/// restored alone through <see cref="ICheckpointable.ReadCheckpoint"/>, so both must read the same members.
/// </remarks>
public interface ICheckpointableRows<TSelf> : ICheckpointable, ICheckpointableFactory<TSelf>, ICheckpointableRows
    where TSelf : class, ICheckpointableRows<TSelf>
{
    /// <summary>Writes the columns of <paramref name="rows"/> (none of them null).</summary>
    static abstract void WriteColumns(CheckpointWriter writer, ReadOnlySpan<TSelf> rows);

    /// <summary>Restores the columns into the non-null entries of <paramref name="rows"/> (as many entries as were saved).</summary>
    static abstract void ReadColumns(CheckpointReader reader, ReadOnlySpan<TSelf?> rows);

    RowsCodec ICheckpointableRows.Rows => RowsCodec<TSelf>.Instance;
}

/// <summary>
/// An object whose class has object columns, reached without knowing the class at compile time: a
/// collection declared with an interface or a base class is stored as object columns of its elements'
/// class. Every <see cref="ICheckpointableRows{TSelf}"/> implements it.
/// </summary>
public interface ICheckpointableRows
{
    /// <summary>The object columns of the class that implements <see cref="ICheckpointableRows{TSelf}"/>: this object's own class, or a base class (then they do not apply to this object).</summary>
    RowsCodec Rows { get; }
}
