using System.IO.Hashing;
using CheckpointGen.Format;
using CheckpointGen.Tensors;
using TorchSharp;

namespace CheckpointGen.Reading;

public sealed partial class CheckpointReader
{
    private const int ChunkBytes = 4 << 20;

    private readonly TensorEntry[] _tensors;
    private torch.Tensor?[]? _restoredTensors;

    /// <summary>
    /// Reads a tensor (null when null was saved). When <paramref name="existing"/> has the saved
    /// dtype and shape and lives on the target device, the bytes are copied into it in place (so
    /// optimizers and modules holding it stay valid) and it is returned; otherwise a new tensor is
    /// returned on the target device: the device it was saved from, or the one
    /// <see cref="CheckpointLoadOptions.MapLocation"/> / <see cref="CheckpointLoadOptions.MapDevice"/> choose.
    /// Each tensor's checksum is verified as it is read.
    /// </summary>
    public torch.Tensor? ReadTensor(torch.Tensor? existing) => ReadTensor(existing, onCpu: false, out _);

    /// <summary>Reads a tensor; <paramref name="onCpu"/> ignores the device map (RNG states must stay CPU byte tensors).</summary>
    internal torch.Tensor? ReadTensor(torch.Tensor? existing, bool onCpu, out int id)
    {
        id = -1;
        ref var cursor = ref Cursor;
        var tag = (ValueTag)cursor.ReadByte();
        if (tag == ValueTag.Null) return null;
        if (tag != ValueTag.TensorRef) throw KindMismatch(tag, "Tensor");
        id = _decoder.ReadTensorRef(ref cursor);
        _restoredTensors ??= new torch.Tensor?[_tensors.Length];
        if (_restoredTensors[id] is { IsInvalid: false } shared) return shared;

        var entry = _tensors[id];
        string where = cursor.Where;
        var target = onCpu ? torch.CPU : TargetDevice(entry, where);
        var result = ReadInto(entry, existing, target, where);
        _restoredTensors[id] = result;
        Report.TensorCount++;
        return result;
    }

    /// <summary>Reads a tensor and copies it into <paramref name="destination"/>, whose dtype and shape must match the saved ones.</summary>
    public void ReadTensorInto(torch.Tensor destination, string what)
    {
        ArgumentNullException.ThrowIfNull(destination);
        int readBefore = Report.TensorCount;
        var restored = ReadTensor(destination, onCpu: false, out int id)
            ?? throw new CheckpointMismatchException($"Checkpoint {Cursor.Where}: saved a null tensor, but {what} needs one.");
        if (ReferenceEquals(restored, destination)) return;
        if (restored.dtype != destination.dtype || !restored.shape.SequenceEqual(destination.shape))
            throw new CheckpointMismatchException(
                $"Checkpoint {Cursor.Where}: saved a {restored.dtype} tensor of shape [{string.Join(", ", restored.shape)}], " +
                $"but {what} is {destination.dtype} [{string.Join(", ", destination.shape)}]. If the model grows during training, restore its structure first.");
        using (torch.no_grad()) destination.copy_(restored);
        // Only a tensor this call created is replaced and released; one restored earlier for
        // another member (a shared tensor) is still held by that member and must stay alive.
        if (Report.TensorCount == readBefore) return;
        _restoredTensors![id] = destination;
        restored.Dispose();
    }

    private torch.Device TargetDevice(TensorEntry entry, string where)
    {
        var saved = new DeviceDescriptor(entry.DeviceType, entry.DeviceIndex);
        // torch.device(...) initialises the device's backend and throws InvalidOperationException
        // for CUDA on a machine without it, before any useful message could be given; the Device
        // constructor only records type and index, which is all a device map needs to see.
        var savedDevice = saved.ToDevice();
        torch.Device target = Options.MapLocation ?? Options.MapDevice?.Invoke(savedDevice) ?? savedDevice;
        var chosen = DeviceDescriptor.From(target);
        if (!chosen.IsCpu && chosen.Type == "cuda" && !torch.cuda.is_available())
        {
            string hint = Options.MapLocation is null && Options.MapDevice is null
                ? "Pass CheckpointLoadOptions { MapLocation = torch.CPU } to load it on the CPU."
                : "The device map chose it; map it to a device this machine has.";
            throw new CheckpointMismatchException($"Checkpoint {where}: the tensor was saved on {saved} and would be restored on {chosen}, but this machine has no CUDA device. {hint}");
        }
        return target;
    }

    private torch.Tensor ReadInto(TensorEntry entry, torch.Tensor? existing, torch.Device target, string where)
    {
        var dtype = (torch.ScalarType)entry.DType;
        var targetDescriptor = DeviceDescriptor.From(target);
        bool inPlace = existing is { IsInvalid: false }
            && existing.dtype == dtype
            && existing.shape.SequenceEqual(entry.Shape)
            && DeviceDescriptor.From(existing.device) == targetDescriptor;

        using var noGrad = torch.no_grad();
        if (inPlace && existing!.device_type == DeviceType.CPU && existing.is_contiguous())
        {
            // The common case (a module parameter, a buffer): bytes go straight from the file into the live tensor.
            Fill(entry, existing, where);
            return existing;
        }

        var staged = torch.empty(entry.Shape, dtype, torch.CPU);
        Fill(entry, staged, where);
        if (inPlace)
        {
            existing!.copy_(staged);
            staged.Dispose();
            return existing;
        }
        var result = targetDescriptor.IsCpu ? staged : MoveAndDispose(staged, target);
        if (entry.RequiresGrad && result.is_floating_point()) result.requires_grad_(true);
        return result;
    }

    private static torch.Tensor MoveAndDispose(torch.Tensor staged, torch.Device target)
    {
        var moved = staged.to(target);
        staged.Dispose();
        return moved;
    }

    /// <summary>Reads a tensor's bytes from the file into a contiguous CPU tensor, hashing as it goes.</summary>
    private void Fill(TensorEntry entry, torch.Tensor destination, string where)
    {
        var hasher = new XxHash3();
        if (entry.Length <= int.MaxValue)
        {
            FillSpan(entry.Offset, destination.bytes, hasher);
        }
        else
        {
            using var flat = destination.view(-1);
            long perPiece = (1L << 30) / destination.ElementSize;
            long offset = entry.Offset;
            for (long start = 0; start < flat.shape[0]; start += perPiece)
            {
                using var piece = flat.narrow(0, start, Math.Min(perPiece, flat.shape[0] - start));
                var span = piece.bytes;
                FillSpan(offset, span, hasher);
                offset += span.Length;
            }
        }
        if (hasher.GetCurrentHashAsUInt64() != entry.Hash)
            throw new CheckpointFormatException($"Checkpoint {Source.Name} {where}: checksum mismatch in the tensor's bytes at offset {entry.Offset} (length {entry.Length}); the file is damaged.");
    }

    private void FillSpan(long offset, Span<byte> destination, XxHash3 hasher)
    {
        while (!destination.IsEmpty)
        {
            var chunk = destination[..Math.Min(ChunkBytes, destination.Length)];
            Source.ReadExactly(offset, chunk);
            hasher.Append(chunk);
            offset += chunk.Length;
            destination = destination[chunk.Length..];
        }
    }
}
