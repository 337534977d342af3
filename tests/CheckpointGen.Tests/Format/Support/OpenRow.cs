using System.Runtime.InteropServices;
using CheckpointGen.Reading;
using CheckpointGen.Writing;

namespace CheckpointGen.Tests.Format.Support;

/// <summary>
/// A hand-written unsealed <see cref="ICheckpointableRows{TSelf}"/> class (what the generator emits for a
/// [Checkpointable] class that is not sealed) and a class derived from it, which has no columns of its own.
/// </summary>
internal class OpenRow : ICheckpointableRows<OpenRow>
{
    public int Value { get; set; }

    public int RestoredCount { get; private set; }

    public static OpenRow CreateForRestore() => new();

    public virtual void WriteCheckpoint(CheckpointWriter writer)
    {
        writer.BeginMember("Value"); writer.WriteInt32(Value); writer.EndMember();
    }

    public virtual void ReadCheckpoint(CheckpointReader reader)
    {
        if (reader.TryBeginMember("Value")) { Value = reader.ReadInt32(); reader.EndMember(); }
        RestoredCount++;
    }

    public static void WriteColumns(CheckpointWriter writer, ReadOnlySpan<OpenRow> rows)
    {
        writer.BeginMember("Value");
        var values = writer.BeginPrimitiveColumn<int>(rows.Length);
        for (int row = 0; row < rows.Length; row++) values[row] = rows[row].Value;
        writer.EndMember();
    }

    public static void ReadColumns(CheckpointReader reader, ReadOnlySpan<OpenRow?> rows)
    {
        if (reader.TryBeginMember("Value"))
        {
            var values = reader.ReadPrimitiveColumn<int>(rows.Length);
            for (int row = 0; row < rows.Length; row++) if (rows[row] is { } item) item.Value = values[row];
            reader.EndMember();
        }
        foreach (var row in rows) if (row is not null) row.RestoredCount++;
    }
}

internal sealed class OpenRowChild : OpenRow
{
    public string Extra { get; set; } = "";

    public override void WriteCheckpoint(CheckpointWriter writer)
    {
        base.WriteCheckpoint(writer);
        writer.BeginMember("Extra"); writer.WriteString(Extra); writer.EndMember();
    }

    public override void ReadCheckpoint(CheckpointReader reader)
    {
        base.ReadCheckpoint(reader);
        if (reader.TryBeginMember("Extra")) { Extra = reader.ReadString()!; reader.EndMember(); }
    }
}

/// <summary>
/// The same members as <see cref="RowNode"/> under a name of the same length, without columns: a file
/// whose RowNode is renamed to it holds rows of a class the reading code has no columns for.
/// </summary>
internal sealed class RowLeaf : ICheckpointable
{
    public int Value { get; set; }

    public string? Name { get; set; }

    public bool Flag { get; set; }

    public RowLeaf? Next { get; set; }

    public void WriteCheckpoint(CheckpointWriter writer) => throw new NotSupportedException("Only read from renamed files.");

    public void ReadCheckpoint(CheckpointReader reader)
    {
        if (reader.TryBeginMember("Value")) { Value = reader.ReadInt32(); reader.EndMember(); }
        if (reader.TryBeginMember("Name")) { Name = reader.ReadString(); reader.EndMember(); }
        if (reader.TryBeginMember("Flag")) { Flag = reader.ReadBoolean(); reader.EndMember(); }
        if (reader.TryBeginMember("Next")) { Next = reader.ReadObject(Next, () => new RowLeaf()); reader.EndMember(); }
    }
}

/// <summary>A root holding a list of objects of any class (<see cref="CheckpointWriter.WritePolymorphicColumns{T}"/>) and a list of an unsealed class (<see cref="CheckpointWriter.WriteObjectColumns{T}"/>).</summary>
internal sealed class ObjectsHolder : ICheckpointable
{
    public List<ICheckpointable>? Items { get; set; } = [];

    public List<OpenRow>? Open { get; set; }

    /// <summary>True: the list is read one object at a time (BeginSequence and ReadObject).</summary>
    public bool ReadOneByOne { get; set; }

    public void WriteCheckpoint(CheckpointWriter writer)
    {
        writer.BeginMember("Items");
        if (Items is null) writer.WriteNull();
        else writer.WritePolymorphicColumns<ICheckpointable>(CollectionsMarshal.AsSpan(Items));
        writer.EndMember();
        writer.BeginMember("Open");
        if (Open is null) writer.WriteNull();
        else writer.WriteObjectColumns<OpenRow>(CollectionsMarshal.AsSpan(Open));
        writer.EndMember();
    }

    public void ReadCheckpoint(CheckpointReader reader)
    {
        if (reader.TryBeginMember("Items"))
        {
            if (!ReadOneByOne) Items = reader.ReadPolymorphicList(Items);
            else if (reader.TryReadNull()) Items = null;
            else
            {
                int count = reader.BeginSequence();
                var items = Items ?? [];
                for (int i = 0; i < count; i++)
                {
                    if (i < items.Count) items[i] = reader.ReadObject(items[i])!;
                    else items.Add(reader.ReadObject<ICheckpointable>(null)!);
                }
                Items = items;
            }
            reader.EndMember();
        }
        if (reader.TryBeginMember("Open")) { Open = reader.ReadObjectList(Open); reader.EndMember(); }
    }
}
