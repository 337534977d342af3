using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace CheckpointGen.Format;

/// <summary>
/// A bounds-checked little-endian cursor over bytes read from a checkpoint. Every read checks the
/// bytes that remain first, so a damaged length can never index outside the buffer or make the
/// reader allocate more than the file holds; each failure is a <see cref="CheckpointFormatException"/>
/// naming <see cref="Where"/>.
/// </summary>
/// <remarks>
/// A source can also stand for one cell of a primitive column (<see cref="Value"/>): the column stores
/// raw values without tags, so the cell's tag is given here and read before its bytes, and every
/// reader of tagged values reads the cell as the scalar it stands for.
/// </remarks>
internal struct ByteSource
{
    // The bytes as array + window rather than a ReadOnlyMemory: ReadOnlyMemory.Span re-derives its
    // backing object on every call, and a restore reads a few bytes at a time millions of times.
    private readonly byte[] _array;
    private readonly int _start;
    private readonly int _length;
    private readonly string _where;
    private readonly string? _owner;
    private readonly string? _member;
    private readonly byte _cellTag;
    // -1 only in a cell whose tag has not been read yet: every fast-path check compares it as unsigned and falls to the slow path.
    private int _position;

    public ByteSource(ReadOnlyMemory<byte> memory, string where)
    {
        (_array, _start, _length) = Window(memory);
        _position = 0;
        _where = where;
    }

    /// <summary>
    /// Bytes of <paramref name="owner"/> (a type name), or of its member <paramref name="member"/>;
    /// <see cref="Where"/> reads "<paramref name="where"/> Owner" or "<paramref name="where"/> Owner.member".
    /// The text is only put together when a message needs it: a restore opens a source per member.
    /// </summary>
    public ByteSource(ReadOnlyMemory<byte> memory, string where, string owner, string? member = null)
    {
        (_array, _start, _length) = Window(memory);
        _position = 0;
        _where = where;
        _owner = owner;
        _member = member;
    }

    private ByteSource(ReadOnlyMemory<byte> raw, ValueTag tag, string where, string owner, string? member)
        : this(raw, where, owner, member)
    {
        _cellTag = (byte)tag;
        _position = -1;
    }

    /// <summary>A value's bytes: tagged ones (<paramref name="cellTag"/> -1), or a primitive column's cell standing for a value of kind <paramref name="cellTag"/> (a Boolean cell has no bytes: its tag is its value).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ByteSource Value(ReadOnlyMemory<byte> bytes, int cellTag, string where, string owner, string? member) =>
        cellTag < 0 ? new(bytes, where, owner, member) : new(bytes, (ValueTag)cellTag, where, owner, member);

    /// <summary>Where these bytes come from, for error messages ("manifest", "component Ns.Type", "member Ns.Type.key", …).</summary>
    public readonly string Where =>
        _owner is null ? _where : _member is null ? $"{_where} {_owner}" : $"{_where} {_owner}.{_member}";

    /// <summary>A source over <paramref name="bytes"/> with the same labels (for messages).</summary>
    public readonly ByteSource Over(ReadOnlyMemory<byte> bytes) => _owner is null ? new(bytes, _where) : new(bytes, _where, _owner, _member);

    public readonly int Position => _position;

    public readonly int Remaining => _length - _position;

    public readonly bool AtEnd => _position >= _length;

    public readonly ReadOnlyMemory<byte> Memory => _array.AsMemory(_start, _length);

    /// <summary>Where the next byte lies in <paramref name="window"/> (a view of the same array), or -1: locates a value inside the component area.</summary>
    public readonly int OffsetIn(ReadOnlyMemory<byte> window) =>
        MemoryMarshal.TryGetArray(window, out var segment) && ReferenceEquals(segment.Array, _array) ? _start + _position - segment.Offset : -1;

    public void Seek(int position)
    {
        if ((uint)position > (uint)_length) throw Fail($"seek to {position} past the end ({_length} bytes)");
        _position = position;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Take(int count)
    {
        if ((ulong)(uint)_position + (uint)count > (uint)_length) throw Truncated(count);
        var span = new ReadOnlySpan<byte>(_array, _start + _position, count);
        _position += count;
        return span;
    }

    public ReadOnlyMemory<byte> TakeMemory(int count)
    {
        if ((ulong)(uint)_position + (uint)count > (uint)_length) throw Truncated(count);
        var memory = new ReadOnlyMemory<byte>(_array, _start + _position, count);
        _position += count;
        return memory;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ReadByte()
    {
        if ((uint)_position >= (uint)_length) return ReadCellTagOrFail();
        return _array[_start + _position++];
    }

    public readonly byte PeekByte()
    {
        if ((uint)_position >= (uint)_length) return _position == -1 ? _cellTag : throw Truncated(1);
        return _array[_start + _position];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private byte ReadCellTagOrFail()
    {
        if (_position != -1) throw Truncated(1);
        _position = 0;
        return _cellTag;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Read<T>() where T : unmanaged => Unsafe.ReadUnaligned<T>(ref MemoryMarshal.GetReference(Take(Unsafe.SizeOf<T>())));

    public ulong ReadVarUInt()
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            byte b = ReadByte();
            if (shift == 63 && b > 1) throw Fail("a variable-length integer overflows 64 bits");
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw Fail("a variable-length integer is longer than 10 bytes");
    }

    /// <summary>Reads a count or length and checks it against the bytes left, assuming each item needs at least <paramref name="minBytesPerItem"/> bytes.</summary>
    public int ReadCount(int minBytesPerItem, string what)
    {
        ulong value = ReadVarUInt();
        ulong limit = minBytesPerItem <= 0 ? int.MaxValue : (ulong)Remaining / (ulong)minBytesPerItem;
        if (value > limit || value > int.MaxValue)
            throw Fail($"{what} {value} is larger than the {Remaining} bytes left allow");
        return (int)value;
    }

    /// <summary>Reads a u32 byte length and takes that many bytes (the body of a record or a column group).</summary>
    public ReadOnlyMemory<byte> TakeLengthPrefixed(string what)
    {
        uint length = Read<uint>();
        if (length > (uint)Remaining) throw Fail($"{what} length {length} exceeds the {Remaining} bytes left");
        return TakeMemory((int)length);
    }

    public string ReadString()
    {
        int length = ReadCount(1, "string length");
        var bytes = Take(length);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw Fail("a string is not valid UTF-8", e);
        }
    }

    /// <summary>The array and window behind <paramref name="memory"/> (checkpoint bytes always come from arrays; anything else is copied into one).</summary>
    private static (byte[] Array, int Start, int Length) Window(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) ? (segment.Array!, segment.Offset, segment.Count) : (memory.ToArray(), 0, memory.Length);

    public readonly CheckpointFormatException Truncated(int wanted) =>
        Fail($"needs {wanted} more bytes at offset {_position} but only {Remaining} remain (truncated or damaged)");

    public readonly CheckpointFormatException Fail(string what, Exception? inner = null) =>
        new($"Checkpoint {Where}: {what}.", inner);

    public readonly CheckpointMismatchException Mismatch(string what) =>
        new($"Checkpoint {Where}: {what}.");

    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
