using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CheckpointGen.Writing;

/// <summary>
/// Where the bytes of one tensor or block are while an asynchronous save copies them into its
/// <see cref="SnapshotBuffer"/>: a managed array, read through a reference the garbage collector
/// tracks (so it needs no pinning while other threads copy from it), or native memory (a CPU tensor's
/// data) that stays in place until the copy ends.
/// </summary>
internal readonly struct CopySource
{
    private readonly Array? _array;
    private readonly nint _address;

    private CopySource(Array? array, nint address, long length)
    {
        _array = array;
        _address = address;
        Length = length;
    }

    /// <summary>The number of bytes.</summary>
    public long Length { get; }

    /// <summary>The first <paramref name="length"/> bytes of a primitive array.</summary>
    public static CopySource Of(Array array, long length) => new(array, 0, length);

    /// <summary><paramref name="length"/> bytes of native memory at <paramref name="address"/>.</summary>
    public static CopySource At(nint address, long length) => new(null, address, length);

    /// <summary>The <paramref name="length"/> bytes from <paramref name="start"/>.</summary>
    public unsafe ReadOnlySpan<byte> Slice(long start, int length)
    {
        if (_array is null) return new ReadOnlySpan<byte>((byte*)_address + start, length);
        return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_array), (nint)start), length);
    }
}
