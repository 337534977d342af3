using CheckpointGen.Format;
using CheckpointGen.Tensors;
using TorchSharp;

namespace CheckpointGen.Writing;

public sealed partial class CheckpointWriter
{
    private readonly Dictionary<IntPtr, int> _tensorIds = [];

    /// <summary>Writes a tensor made only for this checkpoint (an RNG state copy, say); it is disposed when the save ends.</summary>
    internal void WriteOwnedTensor(torch.Tensor tensor)
    {
        _content.Own(tensor);
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
            id = _content.Tensors.Count;
            var entry = Describe(tensor);
            _content.AddTensor(entry, new TensorSource(tensor, entry.Length));
            _tensorIds.Add(tensor.Handle, id);
        }
        _sink.WriteByte((byte)ValueTag.TensorRef);
        _sink.WriteVarUInt((uint)id);
    }

    /// <summary>What the tensor table says of <paramref name="tensor"/>; its offset and hash are filled in when its bytes are written.</summary>
    /// <remarks>Each TorchSharp property is a native call; the length comes from the shape and the element type rather than from two more.</remarks>
    private static TensorEntry Describe(torch.Tensor tensor)
    {
        var device = DeviceDescriptor.From(tensor.device_type, tensor.device_index);
        var dtype = tensor.dtype;
        var shape = tensor.shape;
        long elements = 1;
        foreach (long size in shape) elements = checked(elements * size);
        return new TensorEntry
        {
            DType = (byte)dtype,
            Shape = shape,
            DeviceType = device.Type,
            DeviceIndex = device.Index,
            RequiresGrad = tensor.requires_grad,
            Length = checked(elements * dtype.ElementSize()),
        };
    }
}
