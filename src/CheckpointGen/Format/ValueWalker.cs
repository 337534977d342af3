using CheckpointGen.Reading;

namespace CheckpointGen.Format;

/// <summary>
/// Steps over stored values from their tags alone, checking every length and every reference
/// against the manifest and tables, without recursion (no stored nesting can overflow the stack).
/// The inspector uses it to collect the references inside a value; a reader uses it to skip values
/// it must not restore (<see cref="CheckpointReader.SkipValue"/>): an <see cref="ValueTag.ObjectRef"/>
/// is never followed.
/// </summary>
internal sealed class ValueWalker(Manifest manifest, int tensorCount, BlockEntry[] blocks)
{
    /// <summary>Steps over one value, adding the components, tensors and blocks it refers to (rows of column groups included) to the lists given.</summary>
    public void Skip(ref ByteSource outer, List<int>? objects = null, List<int>? tensors = null, List<int>? blockRefs = null)
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
                case ValueTag.PrimitiveArray: SkipPrimitiveArray(ref s); break;
                case ValueTag.BlockArray: blockRefs?.Add(BlockRef(ref s).Index); break;
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
                case ValueTag.ObjectColumns:
                {
                    StringAt(ref s);
                    if (tag != ValueTag.Record) s.ReadCount(0, "element count");
                    uint length = s.Read<uint>();
                    if (length > (uint)s.Remaining) throw s.Fail($"record length {length} exceeds the {s.Remaining} bytes left");
                    var members = new ByteSource(s.TakeMemory((int)length), s.Where);
                    if (tag == ValueTag.ObjectColumns) SkipGroupHeader(ref members, objects);
                    frames.Push(new Frame(members, 0, isMemberList: true));
                    break;
                }
                case ValueTag.ObjectRef: { int id = ObjectId(ref s); objects?.Add(id); break; }
                case ValueTag.TensorRef: { int id = TensorId(ref s); tensors?.Add(id); break; }
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

    /// <summary>The bytes of a fixed-size scalar after its tag; -1 for tags that are not fixed-size scalars.</summary>
    public static int FixedSize(ValueTag tag) => tag switch
    {
        ValueTag.DateTime => 9,
        ValueTag.DateTimeOffset => 10,
        ValueTag.TimeSpan => 8,
        ValueTag.Guid => 16,
        _ => PrimitiveTags.SizeOf(tag) is > 0 and var size && tag != ValueTag.True ? size : -1,
    };

    public string StringAt(ref ByteSource s)
    {
        ulong index = s.ReadVarUInt();
        return index < (ulong)manifest.Strings.Length ? manifest.Strings[index] : throw s.Fail($"names string {index}, but there are only {manifest.Strings.Length}");
    }

    public int ObjectId(ref ByteSource s)
    {
        ulong id = s.ReadVarUInt();
        return id < (ulong)manifest.Components.Length ? (int)id : throw s.Fail($"refers to component {id}, but there are only {manifest.Components.Length}");
    }

    public int TensorId(ref ByteSource s)
    {
        ulong id = s.ReadVarUInt();
        return id < (ulong)tensorCount ? (int)id : throw s.Fail($"refers to tensor {id}, but the tensor table has {tensorCount}");
    }

    /// <summary>Reads a block reference (after its tag): element kind, count and index, checked against the block table.</summary>
    public (ValueTag Element, int Count, int Index) BlockRef(ref ByteSource s)
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

    /// <summary>Steps over a column group's first id, row count and element ids (after its length), collecting the ids.</summary>
    public void SkipGroupHeader(ref ByteSource s, List<int>? objects)
    {
        s.ReadVarUInt();
        s.ReadVarUInt();
        if ((ValueTag)s.ReadByte() != ValueTag.PrimitiveArray || (ValueTag)s.ReadByte() != ValueTag.Int32)
            throw s.Fail("a column group's element ids are not an Int32 array");
        int count = s.ReadCount(sizeof(int), "element count");
        for (int i = 0; i < count; i++)
        {
            int id = s.Read<int>();
            if (id == -1) continue;
            if ((uint)id >= (uint)manifest.Components.Length) throw s.Fail($"refers to component {id}, but there are only {manifest.Components.Length}");
            objects?.Add(id);
        }
    }

    private static void SkipPrimitiveArray(ref ByteSource s)
    {
        int size = PrimitiveTags.SizeOf((ValueTag)s.ReadByte());
        if (size == 0) throw s.Fail("a primitive array has an unknown element kind");
        s.Take(s.ReadCount(size, "array length") * size);
    }

    private sealed class Frame(ByteSource source, long pending, bool isMemberList)
    {
        public ByteSource Source = source;
        public long Pending = pending;
        public bool IsMemberList { get; } = isMemberList;
    }
}
