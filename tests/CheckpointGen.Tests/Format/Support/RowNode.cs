using System.Runtime.InteropServices;
using CheckpointGen.Reading;
using CheckpointGen.Writing;

namespace CheckpointGen.Tests.Format.Support;

/// <summary>
/// A hand-written <see cref="ICheckpointableRows{TSelf}"/> type (what the generator emits for a sealed
/// [Checkpointable] class), so that the runtime's object columns are tested on their own: a
/// primitive column, a string column and a column of references to other nodes.
/// </summary>
internal sealed class RowNode : ICheckpointableRows<RowNode>
{
    public int Value { get; set; }

    public string? Name { get; set; }

    public bool Flag { get; set; }

    public RowNode? Next { get; set; }

    /// <summary>How many times the restored hook ran for this object.</summary>
    public int RestoredCount { get; private set; }

    public static RowNode CreateForRestore() => new();

    public void WriteCheckpoint(CheckpointWriter writer)
    {
        writer.BeginMember("Value"); writer.WriteInt32(Value); writer.EndMember();
        writer.BeginMember("Name"); writer.WriteString(Name); writer.EndMember();
        writer.BeginMember("Flag"); writer.WriteBoolean(Flag); writer.EndMember();
        writer.BeginMember("Next"); writer.WriteObject(Next); writer.EndMember();
    }

    public void ReadCheckpoint(CheckpointReader reader)
    {
        if (reader.TryBeginMember("Value")) { Value = reader.ReadInt32(); reader.EndMember(); }
        if (reader.TryBeginMember("Name")) { Name = reader.ReadString(); reader.EndMember(); }
        if (reader.TryBeginMember("Flag")) { Flag = reader.ReadBoolean(); reader.EndMember(); }
        if (reader.TryBeginMember("Next")) { Next = reader.ReadOrCreateObject(Next); reader.EndMember(); }
        RestoredCount++;
    }

    public static void WriteColumns(CheckpointWriter writer, ReadOnlySpan<RowNode> rows)
    {
        writer.BeginMember("Value");
        var values = writer.BeginPrimitiveColumn<int>(rows.Length);
        for (int row = 0; row < rows.Length; row++) values[row] = rows[row].Value;
        writer.EndMember();
        writer.BeginMember("Name");
        writer.BeginSequence(rows.Length);
        foreach (var node in rows) writer.WriteString(node.Name);
        writer.EndMember();
        writer.BeginMember("Flag");
        var flags = writer.BeginPrimitiveColumn<bool>(rows.Length);
        for (int row = 0; row < rows.Length; row++) flags[row] = rows[row].Flag;
        writer.EndMember();
        writer.BeginMember("Next");
        writer.BeginSequence(rows.Length);
        foreach (var node in rows) writer.WriteObject(node.Next);
        writer.EndMember();
    }

    public static void ReadColumns(CheckpointReader reader, ReadOnlySpan<RowNode?> rows)
    {
        if (reader.TryBeginMember("Value"))
        {
            var values = reader.ReadPrimitiveColumn<int>(rows.Length);
            for (int row = 0; row < rows.Length; row++) if (rows[row] is { } node) node.Value = values[row];
            reader.EndMember();
        }
        if (reader.TryBeginMember("Name"))
        {
            reader.BeginColumn(rows.Length);
            foreach (var node in rows)
            {
                if (node is null) reader.SkipValue();
                else node.Name = reader.ReadString();
            }
            reader.EndMember();
        }
        if (reader.TryBeginMember("Flag"))
        {
            var flags = reader.ReadPrimitiveColumn<bool>(rows.Length);
            for (int row = 0; row < rows.Length; row++) if (rows[row] is { } node) node.Flag = flags[row];
            reader.EndMember();
        }
        if (reader.TryBeginMember("Next"))
        {
            reader.BeginColumn(rows.Length);
            foreach (var node in rows)
            {
                if (node is null) reader.SkipValue();
                else node.Next = reader.ReadOrCreateObject(node.Next);
            }
            reader.EndMember();
        }
        foreach (var node in rows) if (node is not null) node.RestoredCount++;
    }
}

/// <summary>A root holding a node reached through a member declared before a list of nodes, and the list.</summary>
internal sealed class RowHolder : ICheckpointable
{
    public RowNode? First { get; set; }

    public List<RowNode>? Nodes { get; set; } = [];

    /// <summary>False: the list is written as a sequence of object references, as before object columns.</summary>
    public bool Columns { get; set; } = true;

    /// <summary>True: the list is read one object at a time (BeginSequence and ReadObject), as code for an unsealed class reads it.</summary>
    public bool ReadOneByOne { get; set; }

    public void WriteCheckpoint(CheckpointWriter writer)
    {
        writer.BeginMember("First"); writer.WriteObject(First); writer.EndMember();
        writer.BeginMember("Nodes");
        if (Nodes is null) writer.WriteNull();
        else if (Columns) writer.WriteObjectColumns<RowNode>(CollectionsMarshal.AsSpan(Nodes));
        else
        {
            writer.BeginSequence(Nodes.Count);
            foreach (var node in Nodes) writer.WriteObject(node);
        }
        writer.EndMember();
    }

    public void ReadCheckpoint(CheckpointReader reader)
    {
        if (reader.TryBeginMember("First")) { First = reader.ReadOrCreateObject(First); reader.EndMember(); }
        if (!reader.TryBeginMember("Nodes")) return;
        if (!ReadOneByOne) Nodes = reader.ReadObjectList(Nodes);
        else if (reader.TryReadNull()) Nodes = null;
        else
        {
            int count = reader.BeginSequence();
            Nodes = [];
            for (int i = 0; i < count; i++) Nodes.Add(reader.ReadOrCreateObject<RowNode>(null)!);
        }
        reader.EndMember();
    }
}
