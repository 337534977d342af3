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
        var (header, _, manifest, tensors, blocks) = CheckpointFile.ReadDirectory(source);
        var renderer = new ValueRenderer(manifest, tensors, blocks);
        var components = new ComponentDescription[manifest.Components.Length];
        for (int id = 0; id < components.Length; id++)
        {
            var entry = manifest.Components[id];
            string typeName = manifest.TypeNameOf(id);
            int group = manifest.RowGroups.Length == 0 ? -1 : manifest.GroupOf(id);
            if (group >= 0)
            {
                // A row of object columns: its members are its values in the group's columns.
                var rowMembers = renderer.DescribeRow(group, id - manifest.RowGroups[group].FirstId, $"component {id} ({typeName})");
                components[id] = new ComponentDescription { Id = id, TypeName = typeName, Members = rowMembers };
                continue;
            }
            var table = MemberTable.Parse(manifest.Area.Slice(entry.Offset, entry.Length), typeName, manifest.Strings.Length);
            var members = new List<MemberDescription>(table.Count);
            foreach (var (key, value) in table.Entries())
                members.Add(renderer.Describe(manifest.Strings[key], value, $"component {id} ({typeName}).{manifest.Strings[key]}"));
            components[id] = new ComponentDescription { Id = id, TypeName = typeName, Members = members };
        }
        return new CheckpointDescription
        {
            FormatVersion = $"{header.FormatMajor}.{header.FormatMinor}",
            WriterVersion = header.WriterVersion,
            FileLength = source.Length,
            Components = components,
            Tensors = [.. tensors.Select((t, i) => new TensorDescription
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
