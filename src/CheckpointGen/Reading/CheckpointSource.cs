using Microsoft.Win32.SafeHandles;

namespace CheckpointGen.Reading;

/// <summary>Random access to the bytes of a checkpoint, wherever they are.</summary>
internal abstract class CheckpointSource : IDisposable
{
    public abstract long Length { get; }

    /// <summary>A name for messages: the file path, or "stream".</summary>
    public abstract string Name { get; }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; the caller has checked the range against <see cref="Length"/>.</summary>
    public abstract void ReadExactly(long offset, Span<byte> destination);

    public byte[] ReadArray(long offset, int length)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(length);
        ReadExactly(offset, bytes);
        return bytes;
    }

    /// <summary>The bytes at <paramref name="offset"/>: a copy, or the source's own memory when it has some (valid while the source is).</summary>
    public virtual ReadOnlyMemory<byte> ReadMemory(long offset, int length) => ReadArray(offset, length);

    public virtual void Dispose() { }

    public static CheckpointSource Open(string path)
    {
        try
        {
            return new FileSource(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess), path);
        }
        catch (FileNotFoundException e)
        {
            throw new FileNotFoundException($"No checkpoint at '{path}'.", path, e);
        }
    }

    /// <summary>Wraps a stream; a stream that cannot seek is first copied into memory, since the directory is at the end.</summary>
    public static CheckpointSource Open(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("The stream cannot be read.", nameof(stream));
        // A MemoryStream whose buffer is exposed is read in place: no copy of the manifest.
        if (stream is MemoryStream memory && memory.TryGetBuffer(out var buffer))
            return new MemorySource(buffer.AsMemory((int)memory.Position, (int)(memory.Length - memory.Position)));
        if (stream.CanSeek) return new StreamSource(stream, stream.Position);
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        return new StreamSource(copy, 0);
    }

    private sealed class FileSource(SafeFileHandle handle, string path) : CheckpointSource
    {
        public override long Length { get; } = RandomAccess.GetLength(handle);

        public override string Name => $"'{path}'";

        public override void ReadExactly(long offset, Span<byte> destination)
        {
            while (!destination.IsEmpty)
            {
                int n = RandomAccess.Read(handle, destination, offset);
                if (n <= 0) throw new CheckpointFormatException($"Checkpoint {Name}: the file ended at offset {offset} while reading (it shrank while being read?).");
                destination = destination[n..];
                offset += n;
            }
        }

        public override void Dispose() => handle.Dispose();
    }

    private sealed class MemorySource(ReadOnlyMemory<byte> bytes) : CheckpointSource
    {
        public override long Length => bytes.Length;

        public override string Name => "stream";

        public override void ReadExactly(long offset, Span<byte> destination) =>
            bytes.Span.Slice((int)offset, destination.Length).CopyTo(destination);

        public override ReadOnlyMemory<byte> ReadMemory(long offset, int length) => bytes.Slice((int)offset, length);
    }

    private sealed class StreamSource(Stream stream, long origin) : CheckpointSource
    {
        public override long Length { get; } = stream.Length - origin;

        public override string Name => "stream";

        public override void ReadExactly(long offset, Span<byte> destination)
        {
            stream.Position = origin + offset;
            try
            {
                stream.ReadExactly(destination);
            }
            catch (EndOfStreamException e)
            {
                throw new CheckpointFormatException($"Checkpoint {Name}: the stream ended at offset {offset} while reading.", e);
            }
        }
    }
}
