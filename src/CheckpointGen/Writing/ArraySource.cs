using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CheckpointGen.Writing;

/// <summary>A primitive array's bytes (a block), read straight from the array.</summary>
internal sealed class ArraySource(Array array, long length) : DataSource
{
    /// <summary>Bytes hashed and written per step (stays in L2 between hashing and writing).</summary>
    private const int ChunkBytes = 128 * 1024;

    public override long Length => length;

    public override CopySource Locate(List<IDisposable> staged) => CopySource.Of(array, length);

    public override ulong WriteTo(Stream output, XxHash3 scratch)
    {
        ref byte first = ref MemoryMarshal.GetArrayDataReference(array);
        if (length <= ChunkBytes)
        {
            // Most blocks are a few KiB: one-shot hashing costs less than a streaming hasher's set-up.
            var bytes = MemoryMarshal.CreateReadOnlySpan(ref first, (int)length);
            output.Write(bytes);
            return XxHash3.HashToUInt64(bytes);
        }
        scratch.Reset();
        for (long done = 0; done < length;)
        {
            var chunk = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref first, (nint)done), (int)Math.Min(ChunkBytes, length - done));
            scratch.Append(chunk);
            output.Write(chunk);
            done += chunk.Length;
        }
        return scratch.GetCurrentHashAsUInt64();
    }
}
