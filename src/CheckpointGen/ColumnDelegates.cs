using CheckpointGen.Reading;
using CheckpointGen.Writing;

namespace CheckpointGen;

/// <summary>Writes <paramref name="column"/> as one value holding a value per element (a dictionary's keys or values, see <see cref="CheckpointWriter.WriteMapColumns{TKey, TValue}(Dictionary{TKey, TValue}, ColumnWriter{TKey}, ColumnWriter{TValue})"/>).</summary>
public delegate void ColumnWriter<T>(CheckpointWriter writer, ReadOnlySpan<T> column);

/// <summary>Reads one value holding <c>column.Length</c> values into <paramref name="column"/>, restoring into its current elements (see <see cref="CheckpointReader.ReadMapColumns{TKey, TValue}"/>).</summary>
public delegate void ColumnReader<T>(CheckpointReader reader, Span<T> column);
