using CheckpointGen.Format;

namespace CheckpointGen.Reading;

/// <summary>
/// The members of one component or record, indexed by key, with a note of which ones the code read.
/// </summary>
/// <remarks>
/// A restore parses one table per component and per inline record (tens of thousands for a replay
/// buffer or a metrics store), so a reader keeps one table per nesting level and reloads it
/// (<see cref="Load"/>) instead of allocating: parsing allocates nothing once the arrays have grown
/// to the widest member list. Lookups first try the member after the last one found, since code
/// reads members in the order the same code wrote them.
/// </remarks>
internal sealed class MemberTable
{
    /// <summary>Up to this many members, duplicates are found by scanning the keys read so far; wider lists use a set, so a crafted list cannot make parsing quadratic.</summary>
    private const int ScanLimit = 16;

    private int[] _keys = new int[8];
    private int[] _starts = new int[8];
    private int[] _lengths = new int[8];
    private bool[] _consumed = new bool[8];
    // -1 for a tagged value; for a row of object columns, the tag a primitive column's cell stands for.
    private short[] _cellTags = new short[8];
    private HashSet<int>? _seen;
    private int _count;
    private int _consumedCount;
    private int _next;

    /// <summary>The type name of the component or record, for messages.</summary>
    public string Owner { get; private set; } = "";

    public ReadOnlyMemory<byte> Bytes { get; private set; }

    public int Count => _count;

    /// <summary>True when some member in the file was not read by the code.</summary>
    public bool HasUnread => _consumedCount != _count;

    /// <summary>Parses a member list into a new table (for tools; readers reuse tables through <see cref="Load"/>).</summary>
    public static MemberTable Parse(ReadOnlyMemory<byte> bytes, string owner, int stringCount)
    {
        var table = new MemberTable();
        table.Load(bytes, owner, stringCount);
        return table;
    }

    /// <summary>Parses a member list (<see cref="MemberList"/>): every key is a string index, every length fits the bytes present, no key appears twice.</summary>
    public void Load(ReadOnlyMemory<byte> bytes, string owner, int stringCount)
    {
        Reset(bytes, owner);
        var source = new ByteSource(bytes, "component", owner);
        while (MemberList.TryReadNext(ref source, stringCount, out int key, out int start, out int length))
        {
            if (IsDuplicate(key)) throw source.Fail($"key string {key} appears twice");
            Add(key, start, length, -1);
        }
    }

    /// <summary>Loads row <paramref name="row"/> of an object-columns group: each column's value for that row, as the member list the row stands for.</summary>
    public void LoadRow(GroupRows rows, int row)
    {
        Reset(rows.Columns, rows.TypeName);
        for (int column = 0; column < rows.ColumnCount; column++)
        {
            var (key, start, length, cellTag) = rows.Locate(column, row);
            Add(key, start, length, cellTag);
        }
    }

    private void Reset(ReadOnlyMemory<byte> bytes, string owner)
    {
        Owner = owner;
        Bytes = bytes;
        _count = 0;
        _consumedCount = 0;
        _next = 0;
        _seen?.Clear();
    }

    private void Add(int key, int start, int length, int cellTag)
    {
        if (_count == _keys.Length) Grow();
        _keys[_count] = key;
        _starts[_count] = start;
        _lengths[_count] = length;
        _cellTags[_count] = (short)cellTag;
        _consumed[_count] = false;
        _count++;
    }

    /// <summary>
    /// Finds the member stored under <paramref name="key"/> and marks it read. The member after the
    /// last one found is compared by text first (strings of the manifest's string table are unique);
    /// otherwise <paramref name="keyIndex"/> maps the text to its string index.
    /// </summary>
    public bool TryFind(string key, string[] strings, Dictionary<string, int> keyIndex, out ReadOnlyMemory<byte> value, out int cellTag)
    {
        int slot = _next;
        if (slot >= _count || !string.Equals(strings[_keys[slot]], key, StringComparison.Ordinal))
        {
            slot = keyIndex.TryGetValue(key, out int index) ? IndexOf(index) : -1;
            if (slot < 0)
            {
                value = default;
                cellTag = -1;
                return false;
            }
        }
        if (!_consumed[slot])
        {
            _consumed[slot] = true;
            _consumedCount++;
        }
        _next = slot + 1;
        value = Bytes.Slice(_starts[slot], _lengths[slot]);
        cellTag = _cellTags[slot];
        return true;
    }

    /// <summary>Keys present in the file that the code did not read.</summary>
    public List<int> UnreadKeys()
    {
        var unread = new List<int>();
        for (int i = 0; i < _count; i++)
            if (!_consumed[i]) unread.Add(_keys[i]);
        return unread;
    }

    /// <summary>Each member's key and value bytes, for tools that list a checkpoint.</summary>
    public IEnumerable<(int Key, ReadOnlyMemory<byte> Value)> Entries()
    {
        for (int i = 0; i < _count; i++) yield return (_keys[i], Bytes.Slice(_starts[i], _lengths[i]));
    }

    private int IndexOf(int key)
    {
        for (int i = 0; i < _count; i++)
            if (_keys[i] == key) return i;
        return -1;
    }

    private bool IsDuplicate(int key)
    {
        if (_count < ScanLimit) return IndexOf(key) >= 0;
        if (_count == ScanLimit)
        {
            _seen ??= [];
            for (int i = 0; i < _count; i++) _seen.Add(_keys[i]);
        }
        return !_seen!.Add(key);
    }

    private void Grow()
    {
        int size = _keys.Length * 2;
        Array.Resize(ref _keys, size);
        Array.Resize(ref _starts, size);
        Array.Resize(ref _lengths, size);
        Array.Resize(ref _consumed, size);
        Array.Resize(ref _cellTags, size);
    }
}
