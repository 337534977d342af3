namespace CheckpointGen.Format;

/// <summary>
/// The manifest: the string table (member keys and type names), the component directory and the
/// component area (each component's member list). Encoded as:
/// <code>
/// varint stringCount, (varint byteLength, UTF-8)* | varint componentCount, (varint typeName, varint offset, varint length)* | varint areaLength, area
/// </code>
/// Component 0 is the root.
/// </summary>
internal sealed class Manifest
{
    private Manifest(string[] strings, ComponentEntry[] components, ReadOnlyMemory<byte> area)
    {
        Strings = strings;
        Components = components;
        Area = area;
    }

    public string[] Strings { get; }

    public ComponentEntry[] Components { get; }

    public ReadOnlyMemory<byte> Area { get; }

    public string TypeNameOf(int component) => Strings[Components[component].TypeNameIndex];

    /// <summary>
    /// Encodes everything of a finished writer's manifest that precedes the component area (string
    /// table, component directory, area length) into <paramref name="output"/>. The area itself is
    /// the writer's buffer, written after it as is: copying it into one manifest buffer first would
    /// cost a pass over the largest part of the checkpoint.
    /// </summary>
    public static void EncodeDirectory(CheckpointWriter writer, ByteSink output)
    {
        var strings = writer.Strings.Strings;
        output.WriteVarUInt((uint)strings.Count);
        foreach (string s in strings)
        {
            int n = ByteSource.StrictUtf8.GetByteCount(s);
            output.WriteVarUInt((uint)n);
            ByteSource.StrictUtf8.GetBytes(s, output.GetSpan(n));
            output.Advance(n);
        }
        output.WriteVarUInt((uint)writer.Components.Count);
        foreach (var c in writer.Components)
        {
            output.WriteVarUInt((uint)c.TypeNameIndex);
            output.WriteVarUInt((uint)c.Offset);
            output.WriteVarUInt((uint)c.Length);
        }
        output.WriteVarUInt((uint)writer.Sink.Length);
    }

    /// <summary>Parses and bounds-checks a manifest whose checksum has already been verified.</summary>
    public static Manifest Parse(ReadOnlyMemory<byte> bytes)
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
        return new Manifest(strings, components, area);
    }
}
