namespace CheckpointGen.Format;

/// <summary>
/// The manifest: the string table (member keys and type names), the component directory, the
/// row-group table and the component area (docs/format.md, "Manifest").
/// </summary>
internal sealed class Manifest
{
    private Manifest(string[] strings, ComponentEntry[] components, RowGroup[] rowGroups, ReadOnlyMemory<byte> area)
    {
        Strings = strings;
        Components = components;
        RowGroups = rowGroups;
        Area = area;
    }

    public string[] Strings { get; }

    public ComponentEntry[] Components { get; }

    public ReadOnlyMemory<byte> Area { get; }

    /// <summary>The column groups, in order of their first component id (no two overlap).</summary>
    public RowGroup[] RowGroups { get; }

    /// <summary>The index in <see cref="RowGroups"/> of the group that holds component <paramref name="id"/>, or -1 when it is an ordinary component.</summary>
    public int GroupOf(int id)
    {
        int low = 0, high = RowGroups.Length - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            var group = RowGroups[middle];
            if (id < group.FirstId) high = middle - 1;
            else if (id >= group.FirstId + group.RowCount) low = middle + 1;
            else return middle;
        }
        return -1;
    }

    public string TypeNameOf(int component) => Strings[Components[component].TypeNameIndex];

    /// <summary>
    /// Writes everything of a manifest that precedes its component area (string table, component
    /// directory, row-group table, area length); the area follows as is, so that it is never copied
    /// into one manifest buffer first.
    /// </summary>
    public static void WriteDirectory(ByteSink output, IReadOnlyList<string> strings, IReadOnlyList<ComponentEntry> components, IReadOnlyList<RowGroup> rowGroups, int areaLength)
    {
        output.WriteVarUInt((uint)strings.Count);
        foreach (string s in strings)
        {
            int n = ByteSource.StrictUtf8.GetByteCount(s);
            output.WriteVarUInt((uint)n);
            ByteSource.StrictUtf8.GetBytes(s, output.GetSpan(n));
            output.Advance(n);
        }
        output.WriteVarUInt((uint)components.Count);
        foreach (var c in components)
        {
            output.WriteVarUInt((uint)c.TypeNameIndex);
            output.WriteVarUInt((uint)c.Offset);
            output.WriteVarUInt((uint)c.Length);
        }
        output.WriteVarUInt((uint)rowGroups.Count);
        foreach (var g in rowGroups)
        {
            output.WriteVarUInt((uint)g.FirstId);
            output.WriteVarUInt((uint)g.RowCount);
            output.WriteVarUInt((uint)g.Offset);
        }
        output.WriteVarUInt((uint)areaLength);
    }

    /// <summary>Parses and bounds-checks a manifest whose checksum has already been verified (<paramref name="formatMinor"/>: the file's minor version, which says whether it has a row-group table).</summary>
    public static Manifest Parse(ReadOnlyMemory<byte> bytes, int formatMinor)
    {
        var source = new ByteSource(bytes, "manifest");
        int stringCount = source.ReadCount(1, "string count");
        var strings = new string[stringCount];
        for (int i = 0; i < stringCount; i++) strings[i] = source.ReadString();

        int componentCount = source.ReadCount(3, "component count");
        if (componentCount == 0) throw source.Fail("the checkpoint has no root component");
        var components = new ComponentEntry[componentCount];
        var raw = new (ulong Type, ulong Offset, ulong Length)[componentCount];
        for (int i = 0; i < componentCount; i++)
            raw[i] = (source.ReadVarUInt(), source.ReadVarUInt(), source.ReadVarUInt());
        var rowGroups = formatMinor >= FileLayout.RowGroupsSince ? ParseRowGroups(ref source, componentCount) : [];

        int areaLength = source.ReadCount(1, "component area length");
        var area = source.TakeMemory(areaLength);
        if (!source.AtEnd) throw source.Fail($"{source.Remaining} unexpected bytes after the component area");
        for (int i = 0; i < componentCount; i++)
        {
            var (type, offset, length) = raw[i];
            if (type >= (ulong)stringCount) throw source.Fail($"component {i} names type string {type}, but there are only {stringCount} strings");
            if (offset > (ulong)areaLength || length > (ulong)areaLength - offset)
                throw source.Fail($"component {i} spans {offset}+{length}, outside the {areaLength}-byte component area");
            components[i] = new ComponentEntry((int)type, (int)offset, (int)length);
        }
        foreach (var group in rowGroups)
        {
            if (group.Offset >= areaLength) throw source.Fail($"the row group of components {group.FirstId}+{group.RowCount} lies at offset {group.Offset}, outside the {areaLength}-byte component area");
            for (int id = group.FirstId; id < group.FirstId + group.RowCount; id++)
                if (components[id].Offset != group.Offset || components[id].Length != 0)
                    throw source.Fail($"component {id} belongs to the row group at offset {group.Offset}, but its directory entry spans {components[id].Offset}+{components[id].Length}");
        }
        return new Manifest(strings, components, rowGroups, area);
    }

    /// <summary>Reads the row-group table: groups in increasing order of first id, not overlapping, inside the component directory, never the root.</summary>
    private static RowGroup[] ParseRowGroups(ref ByteSource source, int componentCount)
    {
        int count = source.ReadCount(3, "row group count");
        var groups = new RowGroup[count];
        long next = 1;
        for (int i = 0; i < count; i++)
        {
            ulong first = source.ReadVarUInt(), rows = source.ReadVarUInt(), offset = source.ReadVarUInt();
            if (first < (ulong)next || rows == 0 || rows > (ulong)componentCount || first > (ulong)componentCount - rows || offset > int.MaxValue)
                throw source.Fail($"row group {i} (components {first}+{rows}) overlaps another, includes the root or lies outside the {componentCount} components");
            groups[i] = new RowGroup((int)first, (int)rows, (int)offset);
            next = (long)first + (long)rows;
        }
        return groups;
    }
}
