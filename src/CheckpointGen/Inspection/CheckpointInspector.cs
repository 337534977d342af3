using CheckpointGen.Format;
using CheckpointGen.Reading;
using CheckpointGen.Tensors;
using TorchSharp;

namespace CheckpointGen.Inspection;

/// <summary>
/// Lists what a checkpoint holds without the types that wrote it: the values are self-describing,
/// so no type named by the file is loaded or instantiated. The directory (header, footer,
/// manifest, tensor table) is verified as for a restore; tensor and block bytes are not read (use
/// <see cref="Checkpoint.Verify(string)"/> for that).
/// </summary>
public static class CheckpointInspector
{
    /// <summary>Describes the checkpoint at <paramref name="path"/>.</summary>
    /// <exception cref="CheckpointFormatException">The file is damaged, truncated, not a checkpoint or too new.</exception>
    public static CheckpointDescription Inspect(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var source = CheckpointSource.Open(path);
        return Describe(source);
    }

    /// <summary>Describes a checkpoint read from <paramref name="stream"/>.</summary>
    /// <exception cref="CheckpointFormatException">The bytes are damaged, truncated, not a checkpoint or too new.</exception>
    public static CheckpointDescription Inspect(Stream stream)
    {
        using var source = CheckpointSource.Open(stream);
        return Describe(source);
    }

    /// <summary>
    /// Whether <paramref name="stream"/> starts with a checkpoint's signature (read from its current
    /// position): tells a file of another kind from a damaged checkpoint.
    /// </summary>
    public static bool HasCheckpointSignature(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> start = stackalloc byte[FileLayout.HeaderMagic.Length];
        return stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) == start.Length && start.SequenceEqual(FileLayout.HeaderMagic);
    }

    private static CheckpointDescription Describe(CheckpointSource source)
    {
        var directory = CheckpointFile.ReadDirectory(source);
        var manifest = directory.Manifest;
        var renderer = new ValueRenderer(directory.Decoder(), directory.Tensors);
        var components = new ComponentDescription[manifest.Components.Length];
        for (int id = 0; id < components.Length; id++)
        {
            string typeName = manifest.TypeNameOf(id);
            string where = $"component {id} ({typeName})";
            int group = manifest.RowGroups.Length == 0 ? -1 : manifest.GroupOf(id);
            var members = group >= 0
                ? renderer.DescribeRow(group, id - manifest.RowGroups[group].FirstId, where)
                : renderer.DescribeMembers(manifest.Area.Slice(manifest.Components[id].Offset, manifest.Components[id].Length), typeName, where);
            components[id] = new ComponentDescription { Id = id, TypeName = typeName, Members = members };
        }
        var header = directory.Header;
        return new CheckpointDescription
        {
            FormatVersion = $"{header.FormatMajor}.{header.FormatMinor}",
            WriterVersion = header.WriterVersion,
            FileLength = source.Length,
            Components = components,
            Tensors = [.. directory.Tensors.Select((t, i) => new TensorDescription
            {
                Index = i,
                DType = ((torch.ScalarType)t.DType).ToString(),
                Shape = t.Shape,
                Device = new DeviceDescriptor(t.DeviceType, t.DeviceIndex).ToString(),
                RequiresGrad = t.RequiresGrad,
                Offset = t.Offset,
                Length = t.Length,
                Hash = t.Hash,
            })],
        };
    }
}
