using MemoryPack;

namespace CheckpointGen.Format;

/// <summary>
/// One row of the tensor table (MemoryPack-encoded): what a tensor is, where it came from and
/// where its bytes are. Offsets are absolute file offsets, aligned to
/// <see cref="FileLayout.TensorAlignment"/>; <see cref="Hash"/> is the XxHash3 of the raw bytes.
/// </summary>
[MemoryPackable]
internal sealed partial class TensorEntry
{
    public byte DType { get; set; }
    public long[] Shape { get; set; } = [];
    public string DeviceType { get; set; } = "cpu";
    public int DeviceIndex { get; set; } = -1;
    public bool RequiresGrad { get; set; }
    public long Offset { get; set; }
    public long Length { get; set; }
    public ulong Hash { get; set; }
}

/// <summary>
/// The tensor table: every tensor of the checkpoint, in file order, then (format 1.2) every block
/// of a large primitive array. <see cref="Blocks"/> is MemoryPack's last member, so an older table,
/// which lacks it, still decodes (as no blocks).
/// </summary>
[MemoryPackable]
internal sealed partial class TensorTable
{
    public TensorEntry[] Tensors { get; set; } = [];

    public BlockEntry[] Blocks { get; set; } = [];
}
