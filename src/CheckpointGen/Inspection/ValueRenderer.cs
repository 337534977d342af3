using System.Globalization;
using System.Text;
using CheckpointGen.Format;
using CheckpointGen.Reading;

namespace CheckpointGen;

/// <summary>
/// Renders stored values as short text for <see cref="CheckpointInspector"/>, from the tags alone.
/// References are collected by an iterative walk (so no stored nesting can overflow the stack);
/// the text shows the first few items of each collection, a few levels deep.
/// </summary>
internal sealed class ValueRenderer(Manifest manifest, TensorEntry[] tensors, BlockEntry[] blocks)
{
    private const int MaxItems = 8;
    private const int MaxDepth = 8;
    private const int MaxStringChars = 80;

    public MemberDescription Describe(string key, ReadOnlyMemory<byte> value, string where)
    {
        var objects = new List<int>();
        var tensorRefs = new List<int>();
        var walker = new ByteSource(value, where);
        Walk(ref walker, objects, tensorRefs);
        var source = new ByteSource(value, where);
        var kind = (ValueTag)source.PeekByte();
        var text = new StringBuilder();
        Render(ref source, text, 0);
        return new MemberDescription { Key = key, Kind = kind, Value = text.ToString(), ObjectRefs = objects, TensorRefs = tensorRefs };
    }

    private void Render(ref ByteSource source, StringBuilder text, int depth)
    {
        if (depth >= MaxDepth)
        {
            Walk(ref source, null, null);
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
                var (element, count, index) = BlockRef(ref source);
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
            {
                string type = StringAt(ref source);
                // Columns: "Type[count] { key: column, … }"; each column holds count values.
                int count = tag == ValueTag.RecordColumns ? source.ReadCount(0, "record count") : -1;
                uint length = source.Read<uint>();
                if (length > (uint)source.Remaining) throw source.Fail($"record length {length} exceeds the {source.Remaining} bytes left");
                var table = MemberTable.Parse(source.TakeMemory((int)length), type, manifest.Strings.Length);
                text.Append(type);
                if (count >= 0) text.Append('[').Append(count).Append(']');
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
                int id = ObjectId(ref source);
                text.Append('#').Append(id).Append(' ').Append(manifest.TypeNameOf(id));
                break;
            }
            case ValueTag.TensorRef:
            {
                int id = TensorId(ref source);
                var t = tensors[id];
                text.Append("tensor #").Append(id).Append(' ').Append((TorchSharp.torch.ScalarType)t.DType)
                    .Append(" [").Append(string.Join(", ", t.Shape)).Append(']');
                break;
            }
            case ValueTag.Blob:
            {
                string type = StringAt(ref source);
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
                for (long rest = (long)(count - i) * valuesPerItem; rest > 0; rest--) Walk(ref source, null, null);
                text.Append(", …");
                break;
            }
            if (i > 0) text.Append(", ");
            Render(ref source, text, depth + 1);
            if (valuesPerItem == 2) { text.Append(": "); Render(ref source, text, depth + 1); }
        }
        text.Append(close);
    }

    /// <summary>Steps over one value without recursion, collecting the references inside it.</summary>
    private void Walk(ref ByteSource outer, List<int>? objects, List<int>? tensorRefs)
    {
        // Each frame is a byte range holding `pending` values, or (for a record) a member list.
        var frames = new Stack<Frame>();
        var top = new Frame(outer, 1, isMemberList: false);
        frames.Push(top);
        while (frames.Count > 0)
        {
            var frame = frames.Peek();
            if (frame.IsMemberList)
            {
                if (frame.Source.AtEnd) { frames.Pop(); continue; }
                frame.Source.ReadVarUInt();
                uint length = frame.Source.Read<uint>();
                if (length > (uint)frame.Source.Remaining) throw frame.Source.Fail($"member length {length} exceeds the {frame.Source.Remaining} bytes left");
                frames.Push(new Frame(new ByteSource(frame.Source.TakeMemory((int)length), frame.Source.Where), 1, isMemberList: false));
                continue;
            }
            if (frame.Pending == 0) { frames.Pop(); continue; }
            frame.Pending--;
            ref var s = ref frame.Source;
            var tag = (ValueTag)s.ReadByte();
            switch (tag)
            {
                case ValueTag.Null or ValueTag.False or ValueTag.True: break;
                case ValueTag.String: s.Take(s.ReadCount(1, "string length")); break;
                case ValueTag.PrimitiveArray:
                {
                    int size = PrimitiveTags.SizeOf((ValueTag)s.ReadByte());
                    if (size == 0) throw s.Fail("a primitive array has an unknown element kind");
                    s.Take(s.ReadCount(size, "array length") * size);
                    break;
                }
                case ValueTag.BlockArray: BlockRef(ref s); break;
                case ValueTag.Sequence: frame.Pending += s.ReadCount(1, "sequence count"); break;
                case ValueTag.Map: frame.Pending += 2L * s.ReadCount(2, "map count"); break;
                case ValueTag.Tuple: frame.Pending += s.ReadCount(1, "tuple arity"); break;
                case ValueTag.MultiArray:
                {
                    int rank = s.ReadCount(1, "array rank");
                    for (int i = 0; i < rank; i++) s.ReadCount(0, "array length");
                    frame.Pending++;
                    break;
                }
                case ValueTag.Record:
                case ValueTag.RecordColumns:
                {
                    StringAt(ref s);
                    if (tag == ValueTag.RecordColumns) s.ReadCount(0, "record count");
                    uint length = s.Read<uint>();
                    if (length > (uint)s.Remaining) throw s.Fail($"record length {length} exceeds the {s.Remaining} bytes left");
                    frames.Push(new Frame(new ByteSource(s.TakeMemory((int)length), s.Where), 0, isMemberList: true));
                    break;
                }
                case ValueTag.ObjectRef: { int id = ObjectId(ref s); objects?.Add(id); break; }
                case ValueTag.TensorRef: { int id = TensorId(ref s); tensorRefs?.Add(id); break; }
                case ValueTag.Blob: StringAt(ref s); s.Take(s.ReadCount(1, "MemoryPack length")); break;
                default:
                    int fixedSize = FixedSize(tag);
                    if (fixedSize < 0) throw s.Fail($"unknown value tag {(byte)tag}");
                    s.Take(fixedSize);
                    break;
            }
        }
        outer.Seek(top.Source.Position);
    }

    private static int FixedSize(ValueTag tag) => tag switch
    {
        ValueTag.DateTime => 9,
        ValueTag.DateTimeOffset => 10,
        ValueTag.TimeSpan => 8,
        ValueTag.Guid => 16,
        _ => PrimitiveTags.SizeOf(tag) is > 0 and var size && tag != ValueTag.True ? size : -1,
    };

    private static bool IsFixedScalar(ValueTag tag) => FixedSize(tag) >= 0;

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

    private string StringAt(ref ByteSource s)
    {
        ulong index = s.ReadVarUInt();
        return index < (ulong)manifest.Strings.Length ? manifest.Strings[index] : throw s.Fail($"names string {index}, but there are only {manifest.Strings.Length}");
    }

    private int ObjectId(ref ByteSource s)
    {
        ulong id = s.ReadVarUInt();
        return id < (ulong)manifest.Components.Length ? (int)id : throw s.Fail($"refers to component {id}, but there are only {manifest.Components.Length}");
    }

    private int TensorId(ref ByteSource s)
    {
        ulong id = s.ReadVarUInt();
        return id < (ulong)tensors.Length ? (int)id : throw s.Fail($"refers to tensor {id}, but the tensor table has {tensors.Length}");
    }

    /// <summary>Reads a block reference (after its tag): element kind, count and index, checked against the block table.</summary>
    private (ValueTag Element, int Count, int Index) BlockRef(ref ByteSource s)
    {
        var element = (ValueTag)s.ReadByte();
        int size = PrimitiveTags.SizeOf(element);
        if (size == 0) throw s.Fail($"a block array has element kind {element}");
        int count = s.ReadCount(0, "array length");
        ulong index = s.ReadVarUInt();
        if (index >= (ulong)blocks.Length) throw s.Fail($"refers to block {index}, but the block table has {blocks.Length}");
        if (blocks[index].Length != (long)count * size) throw s.Fail($"an array of {count} {element} needs {(long)count * size} bytes, but block {index} holds {blocks[index].Length}");
        return (element, count, (int)index);
    }

    private sealed class Frame(ByteSource source, long pending, bool isMemberList)
    {
        public ByteSource Source = source;
        public long Pending = pending;
        public bool IsMemberList { get; } = isMemberList;
    }
}
