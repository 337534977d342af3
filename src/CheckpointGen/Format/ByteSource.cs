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
internal struct ByteSource
{
    private readonly ReadOnlyMemory<byte> _memory;
    private int _position;

    public ByteSource(ReadOnlyMemory<byte> memory, string where)
    {
        _memory = memory;
        _position = 0;
        Where = where;
    }

    /// <summary>Where these bytes come from, for error messages ("manifest", "component 3 (Ns.Type)", …).</summary>
    public string Where { get; set; }

    public readonly int Position => _position;

    public readonly int Remaining => _memory.Length - _position;

    public readonly bool AtEnd => _position >= _memory.Length;

    public readonly ReadOnlyMemory<byte> Memory => _memory;

    public void Seek(int position)
    {
        if ((uint)position > (uint)_memory.Length) throw Fail($"seek to {position} past the end ({_memory.Length} bytes)");
        _position = position;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining) throw Truncated(count);
        var span = _memory.Span.Slice(_position, count);
        _position += count;
        return span;
    }

    public ReadOnlyMemory<byte> TakeMemory(int count)
    {
        if (count < 0 || count > Remaining) throw Truncated(count);
        var memory = _memory.Slice(_position, count);
        _position += count;
        return memory;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ReadByte()
    {
        if (_position >= _memory.Length) throw Truncated(1);
        return _memory.Span[_position++];
    }

    public readonly byte PeekByte()
    {
        if (_position >= _memory.Length) throw Truncated(1);
        return _memory.Span[_position];
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

    public readonly CheckpointFormatException Truncated(int wanted) =>
        Fail($"needs {wanted} more bytes at offset {_position} but only {Remaining} remain (truncated or damaged)");

    public readonly CheckpointFormatException Fail(string what, Exception? inner = null) =>
        new($"Checkpoint {Where}: {what}.", inner);

    public readonly CheckpointMismatchException Mismatch(string what) =>
        new($"Checkpoint {Where}: {what}.");

    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
