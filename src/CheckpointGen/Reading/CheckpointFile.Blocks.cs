using CheckpointGen.Format;

namespace CheckpointGen.Reading;

internal static partial class CheckpointFile
{
    /// <summary>
    /// Checks every block entry before a byte of it is read: blocks follow the tensors in file
    /// order, without overlap, and end before the manifest. The manifest's reference to a block
    /// then only has to match its element count against <see cref="BlockEntry.Length"/>.
    /// </summary>
    private static void ValidateBlocks(BlockEntry[] blocks, long tensorsEnd, long dataEnd, string name)
    {
        long previousEnd = tensorsEnd;
        for (int i = 0; i < blocks.Length; i++)
        {
            var (offset, length, _) = blocks[i];
            if (offset < previousEnd || length < 0 || offset > dataEnd || length > dataEnd - offset)
                throw new CheckpointFormatException($"Checkpoint {name}: block {i} lies at offset {offset} length {length}, outside the data region {previousEnd}–{dataEnd} or overlapping what comes before it (damaged block table).");
            previousEnd = offset + length;
        }
    }

    /// <summary>Reads every block's bytes and checks its hash, a window of the file at a time.</summary>
    public static void VerifyBlocks(CheckpointSource source, BlockEntry[] blocks)
    {
        var reader = new BlockBytes(source);
        for (int i = 0; i < blocks.Length; i++)
        {
            if (!reader.HashMatches(blocks[i]))
                throw new CheckpointFormatException($"Checkpoint {source.Name}: checksum mismatch in block {i} (offset {blocks[i].Offset}, length {blocks[i].Length}); the file is damaged.");
        }
    }
}
