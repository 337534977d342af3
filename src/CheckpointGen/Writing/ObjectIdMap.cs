using System.Buffers;
using System.Runtime.CompilerServices;

namespace CheckpointGen.Writing;

/// <summary>
/// The component id of every object a save has met, by reference identity: what keeps shared
/// references shared (docs/format.md, "Identity"). Open addressing with linear probing over two rented
/// arrays, so that a save of many objects costs no allocation once the pool holds them, and a lookup is
/// one hash (the object's header hash code) and a few compares, with no comparer call and no entry chain.
/// </summary>
internal sealed class ObjectIdMap : IDisposable
{
    private const int MinimumCapacity = 64;
    private object?[] _keys;
    private int[] _ids;
    private int _mask;
    private int _shift;
    private int _growAt;

    public ObjectIdMap()
    {
        (_keys, _ids) = Rent(MinimumCapacity);
        SetCapacity(MinimumCapacity);
    }

    public int Count { get; private set; }

    /// <summary>
    /// The id slot of <paramref name="key"/>, added with id 0 when absent (<paramref name="exists"/> false).
    /// The reference is valid until the next addition, as a dictionary's.
    /// </summary>
    public ref int GetValueRefOrAddDefault(object key, out bool exists)
    {
        if (Count >= _growAt) Resize(_keys.Length * 2);
        int slot = Find(key);
        exists = _keys[slot] is not null;
        if (!exists)
        {
            _keys[slot] = key;
            _ids[slot] = 0;
            Count++;
        }
        return ref _ids[slot];
    }

    /// <summary>The id slot of <paramref name="key"/>, or a null reference when it is absent.</summary>
    public ref int GetValueRefOrNullRef(object key)
    {
        int slot = Find(key);
        return ref _keys[slot] is null ? ref Unsafe.NullRef<int>() : ref _ids[slot];
    }

    public bool ContainsKey(object key) => _keys[Find(key)] is not null;

    public void Add(object key, int id)
    {
        ref int slot = ref GetValueRefOrAddDefault(key, out bool exists);
        if (exists) throw new ArgumentException("The object already has an id.", nameof(key));
        slot = id;
    }

    /// <summary>Removes <paramref name="key"/>, moving back the entries probed past it so that every lookup still finds its entry.</summary>
    public bool Remove(object key)
    {
        int hole = Find(key);
        if (_keys[hole] is null) return false;
        for (int next = (hole + 1) & _mask; _keys[next] is { } moved; next = (next + 1) & _mask)
        {
            int home = Home(moved);
            // The entry may fill the hole when its home does not lie cyclically in (hole, next].
            if (((next - home) & _mask) >= ((next - hole) & _mask))
            {
                _keys[hole] = moved;
                _ids[hole] = _ids[next];
                hole = next;
            }
        }
        _keys[hole] = null;
        Count--;
        return true;
    }

    /// <summary>Makes room for <paramref name="count"/> entries in all, so that adding them does not resize.</summary>
    public void EnsureCapacity(int count)
    {
        if (count <= _growAt) return;
        int capacity = _keys.Length;
        while (capacity / 4 * 3 < count) capacity *= 2;
        Resize(capacity);
    }

    /// <summary>Forgets every object (so that none is kept alive by the map) and keeps the arrays.</summary>
    public void Clear()
    {
        if (Count == 0) return;
        Array.Clear(_keys, 0, _mask + 1);
        Count = 0;
    }

    public void Dispose()
    {
        Return(_keys, _ids, _mask + 1);
        _keys = [];
        _ids = [];
        _mask = -1;
        _growAt = 0;
        Count = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(object key) => (int)(((uint)RuntimeHelpers.GetHashCode(key) * 0x9E3779B1u) >> _shift);

    private int Find(object key)
    {
        int slot = Home(key);
        while (_keys[slot] is { } present && !ReferenceEquals(present, key)) slot = (slot + 1) & _mask;
        return slot;
    }

    private void Resize(int capacity)
    {
        var (oldKeys, oldIds) = (_keys, _ids);
        int oldLength = _mask + 1;
        (_keys, _ids) = Rent(capacity);
        SetCapacity(capacity);
        for (int i = 0; i < oldLength; i++)
        {
            if (oldKeys[i] is not { } key) continue;
            int slot = Home(key);
            while (_keys[slot] is not null) slot = (slot + 1) & _mask;
            _keys[slot] = key;
            _ids[slot] = oldIds[i];
        }
        Return(oldKeys, oldIds, oldLength);
    }

    /// <summary>A power of two: the home slot is the top bits of the hash times 2^32/φ (Fibonacci hashing), which spreads neighbouring hash codes.</summary>
    private void SetCapacity(int capacity)
    {
        _mask = capacity - 1;
        _shift = 32 - System.Numerics.BitOperations.Log2((uint)capacity);
        // At most three quarters full: probes stay short.
        _growAt = capacity / 4 * 3;
    }

    /// <summary>Rented arrays may be longer than asked and hold stale entries: only the first <paramref name="capacity"/> slots are used, cleared here.</summary>
    private static (object?[] Keys, int[] Ids) Rent(int capacity)
    {
        var keys = ArrayPool<object?>.Shared.Rent(capacity);
        Array.Clear(keys, 0, capacity);
        return (keys, ArrayPool<int>.Shared.Rent(capacity));
    }

    private static void Return(object?[] keys, int[] ids, int used)
    {
        if (keys.Length == 0) return;
        Array.Clear(keys, 0, used);
        ArrayPool<object?>.Shared.Return(keys);
        ArrayPool<int>.Shared.Return(ids);
    }
}
