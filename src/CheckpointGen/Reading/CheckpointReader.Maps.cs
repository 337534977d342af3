using System.Buffers;
using System.Runtime.CompilerServices;
using CheckpointGen.Format;

namespace CheckpointGen.Reading;

public sealed partial class CheckpointReader
{
    /// <summary>
    /// Reads a dictionary saved as two columns (<see cref="ValueTag.MapColumns"/>) into <paramref name="map"/>,
    /// which is cleared and refilled: <paramref name="keys"/> reads the keys column, then <paramref name="values"/>
    /// the values column into the values the map held under the same keys (default for new keys), so
    /// that objects are restored in place and a struct's members the file lacks keep their values.
    /// </summary>
    public void ReadMapColumns<TKey, TValue>(IDictionary<TKey, TValue> map, ColumnReader<TKey> keys, ColumnReader<TValue> values) where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(map);
        int count = ReadCount(ValueTag.MapColumns);
        var keyBuffer = ArrayPool<TKey>.Shared.Rent(count);
        var valueBuffer = ArrayPool<TValue>.Shared.Rent(count);
        try
        {
            var keySpan = keyBuffer.AsSpan(0, count);
            keySpan.Clear();
            keys(this, keySpan);
            var valueSpan = valueBuffer.AsSpan(0, count);
            if (map.Count == 0) valueSpan.Clear();
            else for (int i = 0; i < count; i++) valueSpan[i] = keySpan[i] is { } key && map.TryGetValue(key, out var current) ? current : default!;
            values(this, valueSpan);
            map.Clear();
            if (map is Dictionary<TKey, TValue> dictionary)
            {
                dictionary.EnsureCapacity(count);
                for (int i = 0; i < count; i++) if (!dictionary.TryAdd(CheckedKey(keySpan, i), valueSpan[i])) throw DuplicateKey(i);
            }
            else
            {
                for (int i = 0; i < count; i++) if (!map.TryAdd(CheckedKey(keySpan, i), valueSpan[i])) throw DuplicateKey(i);
            }
        }
        finally
        {
            ArrayPool<TKey>.Shared.Return(keyBuffer, RuntimeHelpers.IsReferenceOrContainsReferences<TKey>());
            ArrayPool<TValue>.Shared.Return(valueBuffer, RuntimeHelpers.IsReferenceOrContainsReferences<TValue>());
        }
    }

    /// <summary>Checks the key of entry <paramref name="index"/> of a dictionary stored entry by entry (<see cref="ValueTag.Map"/>), before generated code looks it up.</summary>
    public void CheckMapKey<TKey>(TKey key, int index)
    {
        if (key is null) throw NullKey(index);
    }

    /// <summary>Adds entry <paramref name="index"/> of a dictionary stored entry by entry; a key met before is a format error, not an <see cref="ArgumentException"/>.</summary>
    public void AddMapEntry<TKey, TValue>(IDictionary<TKey, TValue> map, TKey key, TValue value, int index)
    {
        if (!map.TryAdd(key, value)) throw DuplicateKey(index);
    }

    /// <inheritdoc cref="AddMapEntry{TKey, TValue}(IDictionary{TKey, TValue}, TKey, TValue, int)"/>
    public void AddMapEntry<TKey, TValue>(Dictionary<TKey, TValue> map, TKey key, TValue value, int index) where TKey : notnull
    {
        if (!map.TryAdd(key, value)) throw DuplicateKey(index);
    }

    private TKey CheckedKey<TKey>(ReadOnlySpan<TKey> keys, int index) => keys[index] ?? throw NullKey(index);

    private CheckpointFormatException NullKey(int index) => Cursor.Fail($"key {index} of a dictionary is null");

    private CheckpointFormatException DuplicateKey(int index) => Cursor.Fail($"key {index} of a dictionary appears twice");

    /// <summary>Checks that a column read for a collection holds one value per element.</summary>
    private void ExpectColumnLength(int stored, int expected)
    {
        if (stored != expected) throw Cursor.Fail($"a column holds {stored} values, but the collection has {expected} elements");
    }
}
