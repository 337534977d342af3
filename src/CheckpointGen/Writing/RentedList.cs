using System.Buffers;
using System.Runtime.CompilerServices;

namespace CheckpointGen.Writing;

/// <summary>
/// A list of structs in an array rented from the shared pool and returned on <see cref="Dispose"/>:
/// the component directory of a save, which holds an entry per object and is dropped when the file is
/// written, so repeated saves of a large graph reuse one array instead of allocating it each time.
/// </summary>
internal sealed class RentedList<T> : IDisposable where T : struct
{
    private T[] _items = [];

    public int Count { get; private set; }

    public ref T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            return ref _items[index];
        }
    }

    public ReadOnlySpan<T> AsSpan() => _items.AsSpan(0, Count);

    public void Add(T item)
    {
        if (Count == _items.Length) Grow(Count + 1);
        _items[Count++] = item;
    }

    public void EnsureCapacity(int capacity)
    {
        if (capacity > _items.Length) Grow(capacity);
    }

    /// <summary>Empties the list and keeps its array.</summary>
    public void Clear()
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>()) _items.AsSpan(0, Count).Clear();
        Count = 0;
    }

    public void Dispose()
    {
        if (_items.Length > 0) ArrayPool<T>.Shared.Return(_items, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        _items = [];
        Count = 0;
    }

    private void Grow(int needed)
    {
        var larger = ArrayPool<T>.Shared.Rent(Math.Max(needed, Math.Max(16, _items.Length * 2)));
        _items.AsSpan(0, Count).CopyTo(larger);
        if (_items.Length > 0) ArrayPool<T>.Shared.Return(_items, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        _items = larger;
    }
}
