using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using CheckpointGen.Format;

namespace CheckpointGen.Reading;

public sealed partial class CheckpointReader
{
    // Object columns met by BeginSequence are read as the sequence of object references they stand
    // for: the elements come from the group's ids, the cursor waits after the group. _idsDepth is the
    // cursor depth of that sequence (int.MaxValue: none), which sends Cursor to its slow path there.
    private int _idsDepth = int.MaxValue;
    private ObjectGroup _idsGroup;
    private int _idsNext;

    private bool InIds => _depth == _idsDepth && _idsNext < _idsGroup.Count;

    /// <summary>
    /// Starts reading a sequence; returns its count (checked against the bytes present: each value takes
    /// at least one byte). Object columns are read as the sequence of object references they stand for
    /// (code for a class that is no longer sealed, a <c>List&lt;T?&gt;</c>, a queue…), each object then
    /// restored on its own from its row.
    /// </summary>
    public int BeginSequence()
    {
        ref var cursor = ref Cursor;
        var tag = (ValueTag)cursor.ReadByte();
        if (tag == ValueTag.Sequence) return ValueDecoder.ReadCount(ref cursor, tag);
        if (tag != ValueTag.ObjectColumns) throw KindMismatch(tag, nameof(ValueTag.Sequence));
        _idsGroup = _decoder.ReadObjectColumns(ref cursor);
        _idsNext = 0;
        _idsDepth = _depth;
        return _idsGroup.Count;
    }

    /// <summary>Starts reading a map; returns its entry count.</summary>
    public int BeginMap() => ReadCount(ValueTag.Map);

    /// <summary>Starts reading a tuple of the expected arity.</summary>
    public void BeginTuple(int arity)
    {
        int stored = ReadCount(ValueTag.Tuple);
        if (stored != arity) throw Cursor.Mismatch($"a tuple of {stored} items was saved, the code expects {arity}");
    }

    /// <summary>Starts reading a multi-dimensional array of the expected rank; returns its lengths. The elements follow as one sequence or primitive array.</summary>
    public int[] BeginMultiArray(int rank)
    {
        ref var cursor = ref Cursor;
        ExpectTag(ref cursor, ValueTag.MultiArray);
        var lengths = ValueDecoder.ReadMultiArrayLengths(ref cursor);
        if (lengths.Length != rank) throw cursor.Mismatch($"an array of rank {lengths.Length} was saved, the code expects rank {rank}");
        return lengths;
    }

    /// <summary>
    /// Steps over the next value without restoring anything: inside <see cref="ICheckpointableRows{TSelf}.ReadColumns"/>,
    /// for the rows that are not being read. Lengths and references are still checked; a reference to
    /// an object is not followed.
    /// </summary>
    public void SkipValue()
    {
        if (InIds) _idsNext++;
        else _walker.Skip(ref Cursor);
    }

    private int ReadCount(ValueTag expected)
    {
        ref var cursor = ref Cursor;
        ExpectTag(ref cursor, expected);
        return ValueDecoder.ReadCount(ref cursor, expected);
    }

    /// <summary>The next element of object columns read as a sequence: a component id or <see cref="FileLayout.NullId"/>.</summary>
    private int PeekId() => BinaryPrimitives.ReadInt32LittleEndian(_idsGroup.Ids.Span[(_idsNext * sizeof(int))..]);

    private int TakeId()
    {
        int id = PeekId();
        _idsNext++;
        return id;
    }

    /// <summary>
    /// Cursor when the fast path does not apply: no member open, a member opened while object columns
    /// are read as a sequence, or the depth of that sequence, whose cursor waits after the group until
    /// every element has been read (another kind of value read there is a mismatch).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ref ByteSource CursorPastFastPath()
    {
        if (_depth < 0) throw new InvalidOperationException("No member is open: call TryBeginMember first.");
        if (_depth == _idsDepth)
        {
            if (_idsNext < _idsGroup.Count)
                throw new CheckpointMismatchException($"Checkpoint {_cursors[_depth].Where}: holds object references (object columns of {_manifest.Strings[_idsGroup.TypeName]}), but the code reads another kind of value there; the member's type changed since the checkpoint was written.");
            EndIds();
        }
        return ref _cursors[_depth];
    }

    private void EndIds()
    {
        _idsDepth = int.MaxValue;
        _idsGroup = default;
    }

    /// <summary>Sets aside the sequence of object references being read while an object is restored: that object's own code may read object columns as a sequence too.</summary>
    private (int Depth, ObjectGroup Group, int Next) SuspendIds()
    {
        var saved = (_idsDepth, _idsGroup, _idsNext);
        _idsDepth = int.MaxValue;
        return saved;
    }

    private void ResumeIds((int Depth, ObjectGroup Group, int Next) saved) => (_idsDepth, _idsGroup, _idsNext) = saved;
}
