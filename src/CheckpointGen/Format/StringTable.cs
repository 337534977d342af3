namespace CheckpointGen.Format;

/// <summary>Member keys and type names, each stored once in the manifest and referred to by index.</summary>
internal sealed class StringTable
{
    private readonly Dictionary<string, int> _indices = new(StringComparer.Ordinal);
    private readonly List<string> _strings = [];

    public IReadOnlyList<string> Strings => _strings;

    public int Intern(string value)
    {
        if (_indices.TryGetValue(value, out int index)) return index;
        index = _strings.Count;
        _indices.Add(value, index);
        _strings.Add(value);
        return index;
    }
}
