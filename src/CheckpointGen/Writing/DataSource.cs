using System.IO.Hashing;

namespace CheckpointGen.Writing;

/// <summary>
/// The bytes of one tensor or block of the data region, read when the file is written. A save reads
/// them from the live state; a source holding a copy lets the state change while the file is written.
/// </summary>
internal abstract class DataSource
{
    /// <summary>The number of bytes.</summary>
    public abstract long Length { get; }

    /// <summary>Writes the bytes to <paramref name="output"/> and returns their XxHash3; <paramref name="scratch"/> is a hasher the source may reset and use.</summary>
    public abstract ulong WriteTo(Stream output, XxHash3 scratch);

    /// <summary>
    /// Where the bytes are for an asynchronous save's copy (<see cref="SnapshotCopier.Add"/>);
    /// a copy made to get them there (a GPU tensor brought to the CPU) goes to <paramref name="staged"/>,
    /// disposed once the copy has ended.
    /// </summary>
    public abstract CopySource Locate(List<IDisposable> staged);
}
