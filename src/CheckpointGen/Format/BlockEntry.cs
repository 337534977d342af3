using System.Runtime.InteropServices;

namespace CheckpointGen.Format;

/// <summary>
/// One row of the block table (format 1.2): where the bytes of a large primitive array lie in the
/// data region (absolute file offset, byte length) and their XxHash3. Blocks follow the tensors,
/// in file order, unaligned and without overlap. An unmanaged struct, so MemoryPack stores the
/// table as one block copy.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct BlockEntry(long Offset, long Length, ulong Hash);
