using System.IO.Hashing;
using CheckpointGen.Format;
using CheckpointGen.Tensors;
using TorchSharp;

namespace CheckpointGen.Writing;

public sealed partial class CheckpointWriter
{
    /// <summary>Bytes hashed and written per step: large enough for few syscalls, small enough to stay in cache between hashing and copying.</summary>
    private const int ChunkBytes = 4 << 20;

    private readonly List<torch.Tensor> _tensors = [];
    private readonly Dictionary<IntPtr, int> _tensorIds = [];

    private readonly List<torch.Tensor> _owned = [];

    internal int TensorCount => _tensors.Count;

    /// <summary>Writes a tensor made only for this checkpoint (an RNG state copy, say); it is disposed when the save ends.</summary>
    internal void WriteOwnedTensor(torch.Tensor tensor)
    {
        _owned.Add(tensor);
        WriteTensor(tensor);
    }

    /// <summary>
    /// Writes a reference to a tensor (null allowed). The same tensor written twice is stored once.
    /// Its bytes are streamed to the tensor region when the checkpoint is written, from the
    /// tensor's own memory when it is a contiguous CPU tensor.
    /// </summary>
    public void WriteTensor(torch.Tensor? tensor)
    {
        if (tensor is null) { WriteNull(); return; }
        if (tensor.IsInvalid) throw new ObjectDisposedException(nameof(torch.Tensor), "A disposed tensor cannot be checkpointed.");
        if (!_tensorIds.TryGetValue(tensor.Handle, out int id))
        {
            id = _tensors.Count;
            _tensors.Add(tensor);
            _tensorIds.Add(tensor.Handle, id);
        }
        _sink.WriteByte((byte)ValueTag.TensorRef);
        _sink.WriteVarUInt((uint)id);
    }

    /// <summary>Lays the tensors out from <paramref name="start"/> (aligned) and describes them; hashes are filled in while the bytes are written.</summary>
    internal TensorEntry[] LayOutTensors(long start, out long end)
    {
        var entries = new TensorEntry[_tensors.Count];
        long offset = start;
        for (int i = 0; i < entries.Length; i++)
        {
            var tensor = _tensors[i];
            offset = FileLayout.Align(offset);
            long length = checked(tensor.numel() * tensor.ElementSize);
            var device = DeviceDescriptor.From(tensor.device);
            entries[i] = new TensorEntry
            {
                DType = (byte)tensor.dtype,
                Shape = tensor.shape,
                DeviceType = device.Type,
                DeviceIndex = device.Index,
                RequiresGrad = tensor.requires_grad,
                Offset = offset,
                Length = length,
            };
            offset += length;
        }
        end = offset;
        return entries;
    }

    /// <summary>Streams every tensor's bytes to <paramref name="output"/> at its laid-out offset, recording each one's hash.</summary>
    internal void WriteTensorData(Stream output, TensorEntry[] entries, long position)
    {
        Span<byte> padding = stackalloc byte[FileLayout.TensorAlignment];
        padding.Clear();
        var hasher = new XxHash3();
        for (int i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            output.Write(padding[..checked((int)(entry.Offset - position))]);
            hasher.Reset();
            var tensor = _tensors[i];
            bool direct = tensor.device_type == DeviceType.CPU && tensor.is_contiguous();
            // A CUDA or strided tensor is copied once into a contiguous CPU tensor, released right after.
            using var staged = direct ? null : tensor.detach().cpu().contiguous();
            WriteBytes(output, staged ?? tensor, entry.Length, hasher);
            entry.Hash = hasher.GetCurrentHashAsUInt64();
            position = entry.Offset + entry.Length;
        }
    }

    private static void WriteBytes(Stream output, torch.Tensor source, long length, XxHash3 hasher)
    {
        if (length == 0) return;
        if (length <= int.MaxValue)
        {
            WriteChunked(output, source.bytes, hasher);
            return;
        }
        // Span<byte> cannot cover more than 2 GiB: walk a flat view in pieces.
        using var flat = source.view(-1);
        long perPiece = (1L << 30) / source.ElementSize;
        for (long start = 0; start < flat.shape[0]; start += perPiece)
        {
            using var piece = flat.narrow(0, start, Math.Min(perPiece, flat.shape[0] - start));
            WriteChunked(output, piece.bytes, hasher);
        }
    }

    private static void WriteChunked(Stream output, ReadOnlySpan<byte> bytes, XxHash3 hasher)
    {
        while (!bytes.IsEmpty)
        {
            var chunk = bytes[..Math.Min(ChunkBytes, bytes.Length)];
            hasher.Append(chunk);
            output.Write(chunk);
            bytes = bytes[chunk.Length..];
        }
    }

    private void DisposeTensors()
    {
        _tensors.Clear();
        _tensorIds.Clear();
        foreach (var tensor in _owned) tensor.Dispose();
        _owned.Clear();
    }
}
