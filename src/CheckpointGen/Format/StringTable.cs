using System.Runtime.CompilerServices;

namespace CheckpointGen.Format;

/// <summary>Member keys and type names, each stored once in the manifest and referred to by index.</summary>
/// <remarks>
/// Generated code interns the same few string instances (its key literals, the cached type names)
/// once per member of every object, so a small cache keyed by object identity answers first: an
/// identity hash and a reference compare instead of hashing the text and probing the dictionary.
/// </remarks>
internal sealed class StringTable
{
    private const int RecentSize = 256; // a power of two

    private readonly Dictionary<string, int> _indices = new(StringComparer.Ordinal);
    private readonly List<string> _strings = [];
    private readonly (string? Value, int Index)[] _recent = new (string?, int)[RecentSize];

    public IReadOnlyList<string> Strings => _strings;

    public int Intern(string value)
    {
        ref var recent = ref _recent[RuntimeHelpers.GetHashCode(value) & (RecentSize - 1)];
        if (ReferenceEquals(recent.Value, value)) return recent.Index;
        if (!_indices.TryGetValue(value, out int index))
        {
            index = _strings.Count;
            _indices.Add(value, index);
            _strings.Add(value);
        }
        recent = (value, index);
        return index;
    }

    /// <summary>Forgets every string (the next save numbers them from 0 again) and keeps the room they took.</summary>
    public void Clear()
    {
        _indices.Clear();
        _strings.Clear();
        Array.Clear(_recent);
    }
}
