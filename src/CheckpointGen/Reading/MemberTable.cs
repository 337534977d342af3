using CheckpointGen.Format;

namespace CheckpointGen.Reading;

/// <summary>The members of one component or record, indexed by key, with a note of which ones the code read.</summary>
internal sealed class MemberTable
{
    private readonly int[] _keys;
    private readonly int[] _starts;
    private readonly int[] _lengths;
    private readonly bool[] _consumed;

    private MemberTable(string owner, ReadOnlyMemory<byte> bytes, int[] keys, int[] starts, int[] lengths)
    {
        Owner = owner;
        Bytes = bytes;
        _keys = keys;
        _starts = starts;
        _lengths = lengths;
        _consumed = new bool[keys.Length];
    }

    /// <summary>The type name of the component or record, for messages.</summary>
    public string Owner { get; }

    public ReadOnlyMemory<byte> Bytes { get; }

    public int Count => _keys.Length;

    /// <summary>Parses a member list: (varint key, u32 length, value)*; every length is checked against the bytes present.</summary>
    public static MemberTable Parse(ReadOnlyMemory<byte> bytes, string owner, int stringCount)
    {
        var source = new ByteSource(bytes, $"component {owner}");
        var keys = new List<int>();
        var starts = new List<int>();
        var lengths = new List<int>();
        var seen = new HashSet<int>(); // a list lookup would make a crafted member list quadratic
        while (!source.AtEnd)
        {
            ulong key = source.ReadVarUInt();
            if (key >= (ulong)stringCount) throw source.Fail($"a member names key string {key}, but there are only {stringCount} strings");
            uint length = source.Read<uint>();
            if (length > (uint)source.Remaining) throw source.Fail($"member length {length} at offset {source.Position} exceeds the {source.Remaining} bytes left");
            if (!seen.Add((int)key)) throw source.Fail($"key string {key} appears twice");
            keys.Add((int)key);
            starts.Add(source.Position);
            lengths.Add((int)length);
            source.Take((int)length);
        }
        return new MemberTable(owner, bytes, [.. keys], [.. starts], [.. lengths]);
    }

    public bool TryFind(int key, out ReadOnlyMemory<byte> value)
    {
        for (int i = 0; i < _keys.Length; i++)
        {
            if (_keys[i] != key) continue;
            _consumed[i] = true;
            value = Bytes.Slice(_starts[i], _lengths[i]);
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>Keys present in the file that the code did not read.</summary>
    public IEnumerable<int> UnreadKeys()
    {
        for (int i = 0; i < _keys.Length; i++)
            if (!_consumed[i]) yield return _keys[i];
    }

    /// <summary>Each member's key and value bytes, for tools that list a checkpoint.</summary>
    public IEnumerable<(int Key, ReadOnlyMemory<byte> Value)> Entries()
    {
        for (int i = 0; i < _keys.Length; i++) yield return (_keys[i], Bytes.Slice(_starts[i], _lengths[i]));
    }
}
