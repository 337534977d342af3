using System.Globalization;
using System.IO.Hashing;
using System.Text;
using CheckpointGen.Format;
using CheckpointGen.Reading;

namespace CheckpointGen.Inspection;

/// <summary>
/// Renders stored values as short text for <see cref="CheckpointInspector"/>, decoding them through
/// <see cref="ValueDecoder"/>. References are collected by an iterative walk (so no stored nesting can
/// overflow the stack); the text shows the first few items of each collection, a few levels deep.
/// </summary>
internal sealed class ValueRenderer(ValueDecoder decoder, TensorEntry[] tensors)
{
    private readonly ValueWalker _walker = new(decoder);
    private readonly Dictionary<int, GroupRows> _groupRows = [];

    private const int MaxItems = 8;
    private const int MaxDepth = 8;
    private const int MaxStringChars = 80;

    private string[] Strings => decoder.Strings;

    /// <summary>The members of a component's member list.</summary>
    public List<MemberDescription> DescribeMembers(ReadOnlyMemory<byte> members, string typeName, string where)
    {
        var table = MemberTable.Parse(members, typeName, Strings.Length);
        var described = new List<MemberDescription>(table.Count);
        foreach (var (key, value) in table.Entries())
            described.Add(Describe(Strings[key], new ByteSource(value, $"{where}.{Strings[key]}")));
        return described;
    }

    /// <summary>The members of row <paramref name="row"/> of a row group: each column's value for that row (the group's columns are indexed once per renderer).</summary>
    public List<MemberDescription> DescribeRow(int groupIndex, int row, string where)
    {
        if (!_groupRows.TryGetValue(groupIndex, out var rows))
            _groupRows.Add(groupIndex, rows = GroupRows.Index(decoder, decoder.ReadRowGroup(groupIndex), _walker));
        var described = new List<MemberDescription>(rows.ColumnCount);
        for (int column = 0; column < rows.ColumnCount; column++)
        {
            var cell = rows.Cell(column, row, where, Strings, out int key);
            described.Add(Describe(Strings[key], cell));
        }
        return described;
    }

    private MemberDescription Describe(string key, ByteSource value)
    {
        var objects = new List<int>();
        var tensorRefs = new List<int>();
        var blockRefs = new List<int>();
        var walked = value;
        _walker.Skip(ref walked, objects, tensorRefs, blockRefs);
        var kind = (ValueTag)value.PeekByte();
        ulong hash = ContentHash(value, kind, blockRefs);
        var text = new StringBuilder();
        Render(ref value, text, 0);
        return new MemberDescription { Key = key, Kind = kind, Value = text.ToString(), ObjectRefs = objects, TensorRefs = tensorRefs, ContentHash = hash };
    }

    /// <summary>
    /// The hash of a value's stored bytes and of the blocks it refers to (their checksums stand for their
    /// bytes). A row group's primitive cell is hashed with its kind in front, as the same value stored with
    /// its own tag, so a value hashes alike wherever the writer put it.
    /// </summary>
    private ulong ContentHash(ByteSource value, ValueTag kind, List<int> blockRefs)
    {
        var hash = new XxHash3();
        if (value.Position < 0) hash.Append([(byte)kind]);
        hash.Append(value.Memory.Span);
        foreach (int index in blockRefs) hash.Append(BitConverter.GetBytes(decoder.Blocks[index].Hash));
        return hash.GetCurrentHashAsUInt64();
    }

    private void Render(ref ByteSource source, StringBuilder text, int depth)
    {
        if (depth >= MaxDepth)
        {
            _walker.Skip(ref source);
            text.Append('…');
            return;
        }
        var tag = (ValueTag)source.ReadByte();
        switch (tag)
        {
            case ValueTag.Null: text.Append("null"); break;
            case ValueTag.False: text.Append("false"); break;
            case ValueTag.True: text.Append("true"); break;
            case ValueTag.String: text.Append(Quote(source.ReadString())); break;
            case ValueTag.PrimitiveArray:
            {
                var header = ValueDecoder.ReadPrimitiveArrayHeader(ref source);
                text.Append(ElementName(header.Element)).Append('[').Append(header.Count).Append("] [");
                var items = new ByteSource(source.TakeMemory(header.ByteLength), source.Where);
                for (int i = 0; i < Math.Min(header.Count, MaxItems); i++)
                {
                    if (i > 0) text.Append(", ");
                    text.Append(header.Element == ValueTag.True ? (items.ReadByte() != 0 ? "true" : "false") : Scalar(header.Element, ref items));
                }
                text.Append(header.Count > MaxItems ? ", …]" : "]");
                break;
            }
            case ValueTag.BlockArray:
            {
                var array = decoder.ReadBlockArray(ref source);
                text.Append(ElementName(array.Element)).Append('[').Append(array.Count).Append("] (block #").Append(array.Index)
                    .Append(", ").Append(array.Block.Length).Append(" bytes at offset ").Append(array.Block.Offset).Append(')');
                break;
            }
            case ValueTag.Sequence: RenderItems(ref source, text, depth, ValueDecoder.ReadCount(ref source, tag), "[", "]", 1); break;
            case ValueTag.Map: RenderItems(ref source, text, depth, ValueDecoder.ReadCount(ref source, tag), "{", "}", 2); break;
            case ValueTag.Tuple: RenderItems(ref source, text, depth, ValueDecoder.ReadCount(ref source, tag), "(", ")", 1); break;
            case ValueTag.MapColumns:
                // "count { keys: column, values: column }"
                text.Append(ValueDecoder.ReadCount(ref source, tag)).Append(" { keys: ");
                Render(ref source, text, depth + 1);
                text.Append(", values: ");
                Render(ref source, text, depth + 1);
                text.Append(" }");
                break;
            case ValueTag.MultiArray:
                text.Append('[').AppendJoin('×', ValueDecoder.ReadMultiArrayLengths(ref source)).Append("] ");
                Render(ref source, text, depth + 1);
                break;
            case ValueTag.Record:
            {
                var record = decoder.ReadRecord(ref source);
                RenderMembers(record.Members, Strings[record.TypeName], "", source.Where, text, depth);
                break;
            }
            case ValueTag.RecordColumns:
            {
                // "Type[count] { key: column, … }"; each column holds count values.
                var columns = decoder.ReadRecordColumns(ref source);
                RenderMembers(columns.Columns, Strings[columns.TypeName], $"[{columns.Count}]", source.Where, text, depth);
                break;
            }
            case ValueTag.ObjectColumns:
            {
                // "Type[count] rows #first…#last { key: column, … }"; each column holds one value per row.
                var group = decoder.ReadObjectColumns(ref source);
                string rows = group.RowCount == 0 ? " no new rows" : $" rows #{group.FirstId}…#{group.FirstId + group.RowCount - 1}";
                RenderMembers(group.Columns, Strings[group.TypeName], $"[{group.Count}]{rows}", source.Where, text, depth);
                break;
            }
            case ValueTag.ObjectRef:
            {
                int id = decoder.ReadObjectRef(ref source);
                text.Append('#').Append(id).Append(' ').Append(decoder.Manifest.TypeNameOf(id));
                break;
            }
            case ValueTag.TensorRef:
            {
                int id = decoder.ReadTensorRef(ref source);
                var t = tensors[id];
                text.Append("tensor #").Append(id).Append(' ').Append((TorchSharp.torch.ScalarType)t.DType)
                    .Append(" [").Append(string.Join(", ", t.Shape)).Append(']');
                break;
            }
            case ValueTag.Blob:
            {
                var blob = decoder.ReadBlob(ref source);
                text.Append(Strings[blob.TypeName]).Append(" (").Append(blob.Bytes.Length).Append(" bytes of MemoryPack)");
                break;
            }
            default:
                if (ValueDecoder.FixedSize(tag) > 0) text.Append(Scalar(tag, ref source));
                else RenderPayload(ref source, tag, text, depth);
                break;
        }
    }

    /// <summary>A kind without a rendering of its own: its name, the values inside it and its members, as the decoder reads them (an unknown tag is damage).</summary>
    private void RenderPayload(ref ByteSource source, ValueTag tag, StringBuilder text, int depth)
    {
        var payload = decoder.ReadPayload(ref source, tag);
        text.Append(tag);
        if (payload.Values > 0) RenderItems(ref source, text, depth, (int)payload.Values, " (", ")", 1);
        if (payload.Members is { } members) RenderMembers(members, "", "", source.Where, text, depth);
    }

    private void RenderMembers(ReadOnlyMemory<byte> members, string type, string suffix, string where, StringBuilder text, int depth)
    {
        var table = MemberTable.Parse(members, type, Strings.Length);
        text.Append(type).Append(suffix).Append(" {");
        int shown = 0;
        foreach (var (key, value) in table.Entries())
        {
            if (shown++ == MaxItems) { text.Append(" …"); break; }
            text.Append(shown > 1 ? ", " : " ").Append(Strings[key]).Append(": ");
            var inner = new ByteSource(value, where);
            Render(ref inner, text, depth + 1);
        }
        text.Append(" }");
    }

    private void RenderItems(ref ByteSource source, StringBuilder text, int depth, int count, string open, string close, int valuesPerItem)
    {
        text.Append(count).Append(' ').Append(open);
        for (int i = 0; i < count; i++)
        {
            if (i == MaxItems)
            {
                for (long rest = (long)(count - i) * valuesPerItem; rest > 0; rest--) _walker.Skip(ref source);
                text.Append(", …");
                break;
            }
            if (i > 0) text.Append(", ");
            Render(ref source, text, depth + 1);
            if (valuesPerItem == 2) { text.Append(": "); Render(ref source, text, depth + 1); }
        }
        text.Append(close);
    }

    private static string ElementName(ValueTag element) => element == ValueTag.True ? "Boolean" : element.ToString();

    private static string Scalar(ValueTag tag, ref ByteSource s)
    {
        var c = CultureInfo.InvariantCulture;
        return tag switch
        {
            ValueTag.SByte => s.Read<sbyte>().ToString(c),
            ValueTag.Byte => s.Read<byte>().ToString(c),
            ValueTag.Int16 => s.Read<short>().ToString(c),
            ValueTag.UInt16 => s.Read<ushort>().ToString(c),
            ValueTag.Int32 => s.Read<int>().ToString(c),
            ValueTag.UInt32 => s.Read<uint>().ToString(c),
            ValueTag.Int64 => s.Read<long>().ToString(c),
            ValueTag.UInt64 => s.Read<ulong>().ToString(c),
            ValueTag.Half => s.Read<Half>().ToString(c),
            ValueTag.Single => s.Read<float>().ToString("R", c),
            ValueTag.Double => s.Read<double>().ToString("R", c),
            ValueTag.Decimal => ValueDecoder.ReadDecimal(ref s).ToString(c),
            ValueTag.Char => Quote(s.Read<char>().ToString(), '\''),
            ValueTag.DateTime => ValueDecoder.ReadDateTime(ref s).ToString("O", c),
            ValueTag.DateTimeOffset => ValueDecoder.ReadDateTimeOffset(ref s).ToString("O", c),
            ValueTag.TimeSpan => new TimeSpan(s.Read<long>()).ToString("c", c),
            ValueTag.Guid => ValueDecoder.ReadGuid(ref s).ToString(),
            _ => throw s.Fail($"unknown value tag {(byte)tag}"),
        };
    }

    private static string Quote(string value, char quote = '"')
    {
        string shown = value.Length <= MaxStringChars ? value : value[..MaxStringChars] + $"… ({value.Length} chars)";
        var text = new StringBuilder().Append(quote);
        foreach (char ch in shown)
            text.Append(char.IsControl(ch) ? $"\\u{(int)ch:x4}" : ch.ToString());
        return text.Append(quote).ToString();
    }
}
