using System.Buffers;
using System.Runtime.CompilerServices;
using CheckpointGen.Format;

namespace CheckpointGen.Writing;

public sealed partial class CheckpointWriter
{
    /// <summary>
    /// Writes a dictionary as two columns (<see cref="ValueTag.MapColumns"/>): its keys in enumeration
    /// order, written by <paramref name="keys"/> as one value, then its values in the same order, written by
    /// <paramref name="values"/> as one value (record or object columns, say), so that a dictionary of
    /// structs or objects costs what a list of them does.
    /// </summary>
    public void WriteMapColumns<TKey, TValue>(Dictionary<TKey, TValue> map, ColumnWriter<TKey> keys, ColumnWriter<TValue> values) where TKey : notnull
    {
        var (keyBuffer, valueBuffer) = Rent<TKey, TValue>(map.Count);
        int count = 0;
        // The dictionary's own enumerator: no boxing, no interface call per entry.
        foreach (var entry in map)
        {
            keyBuffer[count] = entry.Key;
            valueBuffer[count++] = entry.Value;
        }
        WriteMapColumns(keyBuffer, valueBuffer, count, keys, values);
    }

    /// <summary>Like <see cref="WriteMapColumns{TKey, TValue}(Dictionary{TKey, TValue}, ColumnWriter{TKey}, ColumnWriter{TValue})"/>, for any dictionary (a sorted one: in key order).</summary>
    public void WriteMapColumns<TKey, TValue>(IReadOnlyCollection<KeyValuePair<TKey, TValue>> map, ColumnWriter<TKey> keys, ColumnWriter<TValue> values)
    {
        var (keyBuffer, valueBuffer) = Rent<TKey, TValue>(map.Count);
        int count = 0;
        foreach (var entry in map)
        {
            if (count == keyBuffer.Length) throw new InvalidOperationException("The dictionary grew while it was being saved.");
            keyBuffer[count] = entry.Key;
            valueBuffer[count++] = entry.Value;
        }
        WriteMapColumns(keyBuffer, valueBuffer, count, keys, values);
    }

    private static (TKey[] Keys, TValue[] Values) Rent<TKey, TValue>(int count) =>
        (ArrayPool<TKey>.Shared.Rent(count), ArrayPool<TValue>.Shared.Rent(count));

    private void WriteMapColumns<TKey, TValue>(TKey[] keyBuffer, TValue[] valueBuffer, int count, ColumnWriter<TKey> keys, ColumnWriter<TValue> values)
    {
        try
        {
            WriteHeader(ValueTag.MapColumns, count);
            keys(this, keyBuffer.AsSpan(0, count));
            values(this, valueBuffer.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<TKey>.Shared.Return(keyBuffer, RuntimeHelpers.IsReferenceOrContainsReferences<TKey>());
            ArrayPool<TValue>.Shared.Return(valueBuffer, RuntimeHelpers.IsReferenceOrContainsReferences<TValue>());
        }
    }
}
