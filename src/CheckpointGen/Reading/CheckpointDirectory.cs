using CheckpointGen.Format;

namespace CheckpointGen.Reading;

/// <summary>What <see cref="CheckpointFile.ReadDirectory"/> read and verified: header, footer, manifest, tensor table and block table.</summary>
internal sealed record CheckpointDirectory(FileHeader Header, FileFooter Footer, Manifest Manifest, TensorEntry[] Tensors, BlockEntry[] Blocks)
{
    /// <summary>A decoder of the file's values, checked against this directory.</summary>
    public ValueDecoder Decoder() => new(Manifest, Tensors.Length, Blocks);
}
