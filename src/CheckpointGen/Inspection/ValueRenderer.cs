using System.Globalization;
using System.IO.Hashing;
using System.Text;
using CheckpointGen.Format;
using CheckpointGen.Reading;

namespace CheckpointGen.Inspection;

/// <summary>
/// Renders stored values as short text for <see cref="CheckpointInspector"/>, from the tags alone.
/// References are collected by an iterative walk (so no stored nesting can overflow the stack);
/// the text shows the first few items of each collection, a few levels deep.
/// </summary>
internal sealed class ValueRenderer(Manifest manifest, TensorEntry[] tensors, BlockEntry[] blocks)
{
    private readonly ValueWalker _walker = new(manifest, tensors.Length, blocks);
    private readonly Dictionary<int, RowColumns> _rowColumns = [];

    private const int MaxItems = 8;
    private const int MaxDepth = 8;
    private const int MaxStringChars = 80;

    public MemberDescription Describe(string key, ReadOnlyMemory<byte> value, string where)
    {
        var objects = new List<int>();
        var tensorRefs = new List<int>();
        var blockRefs = new List<int>();
        var walker = new ByteSource(value, where);
        _walker.Skip(ref walker, objects, tensorRefs, blockRefs);
        var source = new ByteSource(value, where);
        var kind = (ValueTag)source.PeekByte();
        var text = new StringBuilder();
        Render(ref source, text, 0);
        return new MemberDescription { Key = key, Kind = kind, Value = text.ToString(), ObjectRefs = objects, TensorRefs = tensorRefs, ContentHash = ContentHash(value.Span, blockRefs) };
    }

    /// <summary>The members of row <paramref name="row"/> of a column group: each column's value for that row (the group's columns are parsed once per renderer).</summary>
    public List<MemberDescription> DescribeRow(int groupIndex, int row, string where)
    {
        var group = manifest.RowGroups[groupIndex];
        if (!_rowColumns.TryGetValue(groupIndex, out var columns))
            _rowColumns.Add(groupIndex, columns = RowColumns.ForGroup(manifest, group, _walker, out _));
        var table = MemberTable.Parse(columns.MembersOf(row), where, manifest.Strings.Length);
        var members = new List<MemberDescription>(table.Count);
        foreach (var (key, value) in table.Entries())
            members.Add(Describe(manifest.Strings[key], value, $"{where}.{manifest.Strings[key]}"));
        return members;
    }

    /// <summary>The hash of a value's stored bytes and of the blocks it refers to (their checksums stand for their bytes).</summary>
    private ulong ContentHash(ReadOnlySpan<byte> value, List<int> blockRefs)
    {
        var hash = new XxHash3();
        hash.Append(value);
        foreach (int index in blockRefs) hash.Append(BitConverter.GetBytes(blocks[index].Hash));
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
                var element = (ValueTag)source.ReadByte();
                int size = PrimitiveTags.SizeOf(element);
                if (size == 0) throw source.Fail($"a primitive array has element kind {element}");
                int count = source.ReadCount(size, "array length");
                text.Append(element == ValueTag.True ? "Boolean" : element.ToString()).Append('[').Append(count).Append("] [");
                for (int i = 0; i < count; i++)
                {
                    if (i == MaxItems) { text.Append(", …"); source.Take((count - i) * size); break; }
                    if (i > 0) text.Append(", ");
                    text.Append(element == ValueTag.True ? (source.ReadByte() != 0 ? "true" : "false") : Scalar(element, ref source));
                }
                text.Append(']');
                break;
            }
            case ValueTag.BlockArray:
            {
                var (element, count, index) = _walker.BlockRef(ref source);
                var block = blocks[index];
                text.Append(element == ValueTag.True ? "Boolean" : element.ToString()).Append('[').Append(count)
                    .Append("] (block #").Append(index).Append(", ").Append(block.Length).Append(" bytes at offset ").Append(block.Offset).Append(')');
                break;
            }
            case ValueTag.Sequence: RenderItems(ref source, text, depth, source.ReadCount(1, "sequence count"), "[", "]", 1); break;
            case ValueTag.Map: RenderItems(ref source, text, depth, source.ReadCount(2, "map count"), "{", "}", 2); break;
            case ValueTag.Tuple: RenderItems(ref source, text, depth, source.ReadCount(1, "tuple arity"), "(", ")", 1); break;
            case ValueTag.MultiArray:
            {
                int rank = source.ReadCount(1, "array rank");
                text.Append('[');
                for (int i = 0; i < rank; i++) text.Append(i > 0 ? "×" : "").Append(source.ReadCount(0, "array length"));
                text.Append("] ");
                Render(ref source, text, depth + 1);
                break;
            }
            case ValueTag.Record:
            case ValueTag.RecordColumns:
            case ValueTag.ObjectColumns:
            {
                string type = _walker.StringAt(ref source);
                // Columns: "Type[count] { key: column, … }"; each column holds count values (object
                // columns: "Type[count] rows #first…#last { … }", one value per row).
                int count = tag != ValueTag.Record ? source.ReadCount(0, "element count") : -1;
                uint length = source.Read<uint>();
                if (length > (uint)source.Remaining) throw source.Fail($"record length {length} exceeds the {source.Remaining} bytes left");
                var members = new ByteSource(source.TakeMemory((int)length), source.Where);
                string rows = tag == ValueTag.ObjectColumns ? RowsText(members) : "";
                if (tag == ValueTag.ObjectColumns) _walker.SkipGroupHeader(ref members, null);
                var table = MemberTable.Parse(members.Memory[members.Position..], type, manifest.Strings.Length);
                text.Append(type);
                if (count >= 0) text.Append('[').Append(count).Append(']');
                text.Append(rows);
                text.Append(" {");
                int shown = 0;
                foreach (var (key, value) in table.Entries())
                {
                    if (shown++ == MaxItems) { text.Append(" …"); break; }
                    text.Append(shown > 1 ? ", " : " ").Append(manifest.Strings[key]).Append(": ");
                    var inner = new ByteSource(value, source.Where);
                    Render(ref inner, text, depth + 1);
                }
                text.Append(" }");
                break;
            }
            case ValueTag.ObjectRef:
            {
                int id = _walker.ObjectId(ref source);
                text.Append('#').Append(id).Append(' ').Append(manifest.TypeNameOf(id));
                break;
            }
            case ValueTag.TensorRef:
            {
                int id = _walker.TensorId(ref source);
                var t = tensors[id];
                text.Append("tensor #").Append(id).Append(' ').Append((TorchSharp.torch.ScalarType)t.DType)
                    .Append(" [").Append(string.Join(", ", t.Shape)).Append(']');
                break;
            }
            case ValueTag.Blob:
            {
                string type = _walker.StringAt(ref source);
                int length = source.ReadCount(1, "MemoryPack length");
                source.Take(length);
                text.Append(type).Append(" (").Append(length).Append(" bytes of MemoryPack)");
                break;
            }
            default:
                if (PrimitiveTags.SizeOf(tag) == 0 && !IsFixedScalar(tag)) throw source.Fail($"unknown value tag {(byte)tag}");
                text.Append(Scalar(tag, ref source));
                break;
        }
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

    /// <summary>" rows #first…#last" (or " no new rows") from a column group's header, which <paramref name="header"/> (a copy) is read from.</summary>
    private static string RowsText(ByteSource header)
    {
        ulong first = header.ReadVarUInt();
        ulong rows = header.ReadVarUInt();
        return rows == 0 ? " no new rows" : $" rows #{first}…#{first + rows - 1}";
    }

    private static bool IsFixedScalar(ValueTag tag) => ValueWalker.FixedSize(tag) >= 0;

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
            ValueTag.Decimal => DecimalText(ref s),
            ValueTag.Char => Quote(s.Read<char>().ToString(), '\''),
            ValueTag.DateTime => $"{s.Read<long>()} ticks, kind {s.ReadByte()}",
            ValueTag.DateTimeOffset => $"{s.Read<long>()} ticks, offset {s.Read<short>()} min",
            ValueTag.TimeSpan => new TimeSpan(s.Read<long>()).ToString("c", c),
            ValueTag.Guid => new Guid(s.Take(16)).ToString(),
            _ => throw s.Fail($"unknown value tag {(byte)tag}"),
        };
    }

    private static string DecimalText(ref ByteSource s)
    {
        var bits = s.Take(16);
        try
        {
            return System.Runtime.InteropServices.MemoryMarshal.Read<decimal>(bits).ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is OverflowException or ArgumentException)
        {
            return "(malformed decimal)";
        }
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
