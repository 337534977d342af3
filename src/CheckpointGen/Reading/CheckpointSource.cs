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

    /// <summary>The source's own memory for these bytes, when it has some (a byte array or an exposed MemoryStream buffer): read in place, without a copy.</summary>
    public virtual bool TryGetMemory(long offset, int length, out ReadOnlyMemory<byte> memory)
    {
        memory = default;
        return false;
    }

    /// <summary>Fills <paramref name="destination"/> with block bytes from <paramref name="offset"/>; blocks are read in file order, so a source may read ahead.</summary>
    public virtual void ReadBlock(long offset, Span<byte> destination) => ReadExactly(offset, destination);

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

        // Blocks are often small (a few KiB each, thousands of them) and read in file order: one
        // system call per block would cost more than the copy, so small ones come from a window.
        private const int WindowBytes = 1 << 20;
        private byte[]? _window;
        private long _windowStart;
        private int _windowLength;

        public override void ReadBlock(long offset, Span<byte> destination)
        {
            if (destination.Length > WindowBytes / 4 || destination.Length > Length - offset)
            {
                ReadExactly(offset, destination);
                return;
            }
            if (_window is null || offset < _windowStart || offset + destination.Length > _windowStart + _windowLength)
            {
                _window ??= GC.AllocateUninitializedArray<byte>(WindowBytes);
                int length = (int)Math.Min(WindowBytes, Length - offset);
                _windowLength = 0;
                ReadExactly(offset, _window.AsSpan(0, length));
                _windowStart = offset;
                _windowLength = length;
            }
            _window.AsSpan((int)(offset - _windowStart), destination.Length).CopyTo(destination);
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

        public override bool TryGetMemory(long offset, int length, out ReadOnlyMemory<byte> memory)
        {
            memory = bytes.Slice((int)offset, length);
            return true;
        }
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
