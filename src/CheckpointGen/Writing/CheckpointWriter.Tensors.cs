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
            _content.Tensors.Add((Describe(tensor), new TensorSource(tensor)));
            _tensorIds.Add(tensor.Handle, id);
        }
        _sink.WriteByte((byte)ValueTag.TensorRef);
        _sink.WriteVarUInt((uint)id);
    }

    /// <summary>What the tensor table says of <paramref name="tensor"/>; its offset and hash are filled in when its bytes are written.</summary>
    private static TensorEntry Describe(torch.Tensor tensor)
    {
        var device = DeviceDescriptor.From(tensor.device);
        return new TensorEntry
        {
            DType = (byte)tensor.dtype,
            Shape = tensor.shape,
            DeviceType = device.Type,
            DeviceIndex = device.Index,
            RequiresGrad = tensor.requires_grad,
            Length = checked(tensor.numel() * tensor.ElementSize),
        };
    }
}
