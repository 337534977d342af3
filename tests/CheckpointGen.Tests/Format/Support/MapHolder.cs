using CheckpointGen.Reading;
using CheckpointGen.Writing;
using CheckpointGen.Tests.Generated;

namespace CheckpointGen.Tests.Format.Support;

/// <summary>Dictionaries of structs and of objects written as two columns, as generated code writes them (hand-written, so the runtime is tested on its own).</summary>
internal sealed class MapHolder : ICheckpointable
{
    public Dictionary<int, CurvePoint> Points { get; set; } = [];

    public Dictionary<string, RowNode> Nodes { get; set; } = [];

    public SortedDictionary<string, CurvePoint> Sorted { get; set; } = [];

    public RowNode? Favourite { get; set; }

    public void WriteCheckpoint(CheckpointWriter writer)
    {
        writer.BeginMember("Favourite"); writer.WriteObject(Favourite); writer.EndMember();
        writer.BeginMember("Points");
        writer.WriteMapColumns(Points, static (w, keys) => w.WritePrimitiveArray(keys), static (w, values) => w.WriteRecordColumns(values));
        writer.EndMember();
        writer.BeginMember("Nodes");
        writer.WriteMapColumns(Nodes, WriteStrings, static (w, values) => w.WriteObjectColumns<RowNode>(values!));
        writer.EndMember();
        writer.BeginMember("Sorted");
        writer.WriteMapColumns(Sorted, WriteStrings, static (w, values) => w.WriteRecordColumns(values));
        writer.EndMember();
    }

    public void ReadCheckpoint(CheckpointReader reader)
    {
        if (reader.TryBeginMember("Favourite")) { Favourite = reader.ReadOrCreateObject(Favourite); reader.EndMember(); }
        if (reader.TryBeginMember("Points"))
        {
            reader.ReadMapColumns(Points, static (r, keys) => r.ReadPrimitiveColumn<int>(keys.Length).CopyTo(keys), static (r, values) => r.ReadRecordColumns(values));
            reader.EndMember();
        }
        if (reader.TryBeginMember("Nodes"))
        {
            reader.ReadMapColumns(Nodes, ReadStrings, static (r, values) => r.ReadObjectColumns(values));
            reader.EndMember();
        }
        if (reader.TryBeginMember("Sorted"))
        {
            reader.ReadMapColumns(Sorted, ReadStrings, static (r, values) => r.ReadRecordColumns(values));
            reader.EndMember();
        }
    }

    public static void WriteStrings(CheckpointWriter writer, ReadOnlySpan<string> keys)
    {
        writer.BeginSequence(keys.Length);
        foreach (string key in keys) writer.WriteString(key);
    }

    public static void ReadStrings(CheckpointReader reader, Span<string> keys)
    {
        reader.BeginColumn(keys.Length);
        for (int i = 0; i < keys.Length; i++) keys[i] = reader.ReadString()!;
    }
}
