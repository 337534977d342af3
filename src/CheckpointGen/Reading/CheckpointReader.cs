using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CheckpointGen.Format;
using CheckpointGen.Torch;
using MemoryPack;

namespace CheckpointGen.Reading;

/// <summary>
/// Restores objects from a checkpoint whose header, footer, manifest and tensor table have been
/// verified. Generated <see cref="ICheckpointable.ReadCheckpoint"/> code calls it:
/// <see cref="TryBeginMember"/> (false: the file lacks the key, keep the current value), read one
/// value, <see cref="EndMember"/>. Every read checks the stored kind against the expected one and
/// every length against the bytes present.
/// </summary>
public sealed partial class CheckpointReader : IDisposable
{
    private readonly Manifest _manifest;
    private readonly Dictionary<string, int> _keyIndex;
    private readonly object?[] _materialized;
    // One member table per nesting level (components and records), reloaded rather than
    // reallocated: see MemberTable.
    private MemberTable[] _tables = new MemberTable[8];
    private int _tableCount;
    // The runtime type already checked against each type-name string: a restore of many objects
    // of one type compares the names once instead of once per object.
    private readonly Type?[] _checkedTypes;
    private ByteSource[] _cursors = new ByteSource[16];
    private int _depth = -1;
    private int _objectDepth;

    /// <summary>
    /// The deepest chain of nested components a restore follows (component inside component inside
    /// …). The writer saves any depth (breadth-first), but reading recurses once per level, so
    /// deeper graphs fail with a <see cref="CheckpointException"/> instead of overflowing the stack.
    /// </summary>
    public const int MaxObjectDepth = 10_000;

    internal CheckpointReader(CheckpointSource source, Manifest manifest, TensorEntry[] tensors, FileHeader header, CheckpointLoadOptions options)
    {
        Source = source;
        _manifest = manifest;
        _tensors = tensors;
        Options = options;
        _keyIndex = new Dictionary<string, int>(manifest.Strings.Length, StringComparer.Ordinal);
        for (int i = 0; i < manifest.Strings.Length; i++)
        {
            // The writer stores each string once; member lookups compare texts and rely on that.
            if (!_keyIndex.TryAdd(manifest.Strings[i], i))
                throw new CheckpointFormatException($"Checkpoint {source.Name}: the manifest's string table holds \"{manifest.Strings[i]}\" twice (damaged data).");
        }
        _checkedTypes = new Type?[manifest.Strings.Length];
        _materialized = new object?[manifest.Components.Length];
        Report = new RestoreReport { WriterVersion = header.WriterVersion };
        _header = header;
    }

    private readonly FileHeader _header;

    internal CheckpointSource Source { get; }

    /// <summary>The load options in force.</summary>
    public CheckpointLoadOptions Options { get; }

    /// <summary>Schema differences noticed so far.</summary>
    public RestoreReport Report { get; }

    /// <summary>The type name recorded for the component or record being read.</summary>
    public string CurrentTypeName => _tableCount > 0 ? _tables[_tableCount - 1].Owner : "";

    private ref ByteSource Cursor
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if (_depth < 0) throw new InvalidOperationException("No member is open: call TryBeginMember first.");
            return ref _cursors[_depth];
        }
    }

    /// <summary>Restores component 0 into <paramref name="root"/>.</summary>
    internal void ReadRoot(object root)
    {
        ArgumentNullException.ThrowIfNull(root);
        try
        {
            ReadComponentInto(0, root);
        }
        catch (CheckpointFormatException e) when (_header.IsNewerMinor)
        {
            throw _header.ExplainNewerMinor(Source.Name, e);
        }
    }

    /// <summary>Opens the member stored under <paramref name="key"/>. False when the file lacks it (reported; the member keeps its value).</summary>
    public bool TryBeginMember(string key)
    {
        var table = _tableCount > 0 ? _tables[_tableCount - 1] : throw new InvalidOperationException("TryBeginMember outside ReadCheckpoint.");
        if (!table.TryFind(key, _manifest.Strings, _keyIndex, out var value))
        {
            string where = $"{table.Owner}.{key}";
            if (Options.Strict) throw new CheckpointMismatchException($"The checkpoint has no value for {where} (Strict mode).");
            Report.Missing(where);
            return false;
        }
        Push(new ByteSource(value, "member", table.Owner, key));
        return true;
    }

    /// <summary>Closes the member opened by <see cref="TryBeginMember"/>.</summary>
    public void EndMember()
    {
        if (_depth < 0) throw new InvalidOperationException("EndMember without TryBeginMember.");
        _depth--;
    }

    /// <summary>The kind of the next value.</summary>
    public ValueTag PeekTag() => (ValueTag)Cursor.PeekByte();

    /// <summary>True, consuming it, when the next value is null.</summary>
    public bool TryReadNull()
    {
        ref var cursor = ref Cursor;
        if (cursor.PeekByte() != (byte)ValueTag.Null) return false;
        cursor.ReadByte();
        return true;
    }

    /// <summary>Reads a Boolean.</summary>
    public bool ReadBoolean()
    {
        ref var cursor = ref Cursor;
        var tag = (ValueTag)cursor.ReadByte();
        return tag switch
        {
            ValueTag.True => true,
            ValueTag.False => false,
            _ => throw KindMismatch(tag, "Boolean"),
        };
    }

    /// <summary>Reads an 8-bit signed integer.</summary>
    public sbyte ReadSByte() => ReadScalar<sbyte>(ValueTag.SByte);

    /// <summary>Reads an 8-bit unsigned integer.</summary>
    public byte ReadByte() => ReadScalar<byte>(ValueTag.Byte);

    /// <summary>Reads a 16-bit signed integer.</summary>
    public short ReadInt16() => ReadScalar<short>(ValueTag.Int16);

    /// <summary>Reads a 16-bit unsigned integer.</summary>
    public ushort ReadUInt16() => ReadScalar<ushort>(ValueTag.UInt16);

    /// <summary>Reads a 32-bit signed integer.</summary>
    public int ReadInt32() => ReadScalar<int>(ValueTag.Int32);

    /// <summary>Reads a 32-bit unsigned integer.</summary>
    public uint ReadUInt32() => ReadScalar<uint>(ValueTag.UInt32);

    /// <summary>Reads a 64-bit signed integer.</summary>
    public long ReadInt64() => ReadScalar<long>(ValueTag.Int64);

    /// <summary>Reads a 64-bit unsigned integer.</summary>
    public ulong ReadUInt64() => ReadScalar<ulong>(ValueTag.UInt64);

    /// <summary>Reads a half-precision float.</summary>
    public Half ReadHalf() => ReadScalar<Half>(ValueTag.Half);

    /// <summary>Reads a single-precision float.</summary>
    public float ReadSingle() => ReadScalar<float>(ValueTag.Single);

    /// <summary>Reads a double-precision float.</summary>
    public double ReadDouble() => ReadScalar<double>(ValueTag.Double);

    /// <summary>Reads a decimal (its four parts are validated by the runtime).</summary>
    public decimal ReadDecimal()
    {
        // Raw bits are not validated by the runtime: check the flags (scale ≤ 28, reserved bits
        // clear) so a damaged decimal is an error rather than a value that misbehaves later.
        decimal value = ReadScalar<decimal>(ValueTag.Decimal);
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        if ((bits[3] & 0x7F00FFFF) != 0 || ((bits[3] >> 16) & 0xFF) > 28) throw Cursor.Fail("a decimal value is malformed");
        return value;
    }

    /// <summary>Reads a UTF-16 code unit.</summary>
    public char ReadChar() => ReadScalar<char>(ValueTag.Char);

    /// <summary>Reads a string; null when null was saved.</summary>
    public string? ReadString()
    {
        ref var cursor = ref Cursor;
        var tag = (ValueTag)cursor.ReadByte();
        if (tag == ValueTag.Null) return null;
        if (tag != ValueTag.String) throw KindMismatch(tag, "String");
        return cursor.ReadString();
    }

    /// <summary>Reads a DateTime.</summary>
    public DateTime ReadDateTime()
    {
        ref var cursor = ref Cursor;
        Expect(ref cursor, ValueTag.DateTime);
        long ticks = cursor.Read<long>();
        byte kind = cursor.ReadByte();
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks || kind > 2) throw cursor.Fail("a DateTime value is out of range");
        return new DateTime(ticks, (DateTimeKind)kind);
    }

    /// <summary>Reads a DateTimeOffset.</summary>
    public DateTimeOffset ReadDateTimeOffset()
    {
        ref var cursor = ref Cursor;
        Expect(ref cursor, ValueTag.DateTimeOffset);
        long ticks = cursor.Read<long>();
        short minutes = cursor.Read<short>();
        try
        {
            return new DateTimeOffset(ticks, TimeSpan.FromMinutes(minutes));
        }
        catch (ArgumentException e)
        {
            throw cursor.Fail("a DateTimeOffset value is out of range", e);
        }
    }

    /// <summary>Reads a TimeSpan.</summary>
    public TimeSpan ReadTimeSpan() => new(ReadScalar<long>(ValueTag.TimeSpan));

    /// <summary>Reads a Guid.</summary>
    public Guid ReadGuid()
    {
        ref var cursor = ref Cursor;
        Expect(ref cursor, ValueTag.Guid);
        return new Guid(cursor.Take(16));
    }

    /// <summary>Starts reading a sequence; returns its count (checked against the bytes present: each value takes at least one byte).</summary>
    public int BeginSequence()
    {
        // Object columns stand for a sequence of object references: read so by code that restores objects one at a time.
        if (Cursor.PeekByte() == (byte)ValueTag.ObjectColumns) ExpandObjectColumns();
        return ReadHeader(ValueTag.Sequence, 1, "sequence count");
    }

    /// <summary>Starts reading a map; returns its entry count.</summary>
    public int BeginMap() => ReadHeader(ValueTag.Map, 2, "map count");

    /// <summary>Starts reading a tuple of the expected arity.</summary>
    public void BeginTuple(int arity)
    {
        int stored = ReadHeader(ValueTag.Tuple, 1, "tuple arity");
        if (stored != arity) throw Cursor.Mismatch($"a tuple of {stored} items was saved, the code expects {arity}");
    }

    /// <summary>Starts reading a multi-dimensional array of the expected rank; returns its lengths. The elements follow as one sequence or primitive array.</summary>
    public int[] BeginMultiArray(int rank)
    {
        int stored = ReadHeader(ValueTag.MultiArray, 1, "array rank");
        if (stored != rank) throw Cursor.Mismatch($"an array of rank {stored} was saved, the code expects rank {rank}");
        ref var cursor = ref Cursor;
        var lengths = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++)
        {
            lengths[i] = cursor.ReadCount(0, "array length");
            // Checked before multiplying: total stays below 2^35, so the product cannot wrap.
            if (lengths[i] != 0 && total > (cursor.Remaining * 8L + 8) / lengths[i])
                throw cursor.Fail($"array lengths [{string.Join(",", lengths[..(i + 1)])}] need more elements than the bytes left can hold");
            total *= lengths[i];
            if (total > cursor.Remaining * 8L + 8) throw cursor.Fail($"array lengths [{string.Join(",", lengths[..(i + 1)])}] need more elements than the bytes left can hold");
        }
        return lengths;
    }

    /// <summary>Reads a primitive array as a span over the checkpoint's bytes (copy it out: the span lives as long as this reader). <see cref="ReadPrimitiveArray{T}(T[])"/> saves that copy for a large array.</summary>
    public ReadOnlySpan<T> ReadPrimitiveSpan<T>() where T : unmanaged
    {
        ref var cursor = ref Cursor;
        var tag = (ValueTag)cursor.ReadByte();
        if (tag == ValueTag.BlockArray) return ReadBlockSpan<T>(ref cursor);
        if (tag != ValueTag.PrimitiveArray) throw KindMismatch(tag, $"{typeof(T).Name}[]");
        var elementTag = (ValueTag)cursor.ReadByte();
        if (elementTag != PrimitiveTags.Of<T>()) throw KindMismatch(elementTag, typeof(T).Name, "array of ");
        int count = cursor.ReadCount(Unsafe.SizeOf<T>(), "array length");
        var bytes = cursor.Take(count * Unsafe.SizeOf<T>());
        if (typeof(T) == typeof(bool))
            foreach (byte b in bytes) if (b > 1) throw cursor.Fail("a Boolean array holds a byte other than 0 or 1");
        return MemoryMarshal.Cast<byte, T>(bytes);
    }

    /// <summary>Reads a primitive array into a new array.</summary>
    public T[] ReadPrimitiveArray<T>() where T : unmanaged => ReadPrimitiveSpan<T>().ToArray();

    /// <summary>Reads a [MemoryPackable] value (null when null was saved).</summary>
    public T? ReadMemoryPack<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>() where T : IMemoryPackable<T>
    {
        ref var cursor = ref Cursor;
        var tag = (ValueTag)cursor.ReadByte();
        if (tag == ValueTag.Null) return default;
        if (tag != ValueTag.Blob) throw KindMismatch(tag, TypeNames.Of(typeof(T)));
        string saved = StringAt(cursor.ReadVarUInt(), ref cursor);
        if (!TypeNames.Matches(saved, typeof(T))) throw cursor.Mismatch($"holds MemoryPack data of {saved}, the code expects {TypeNames.Of(typeof(T))}");
        int length = cursor.ReadCount(1, "MemoryPack length");
        var bytes = cursor.Take(length);
        try
        {
            return MemoryPackSerializer.Deserialize<T>(bytes);
        }
        catch (MemoryPackSerializationException e)
        {
            throw cursor.Fail($"MemoryPack could not read {TypeNames.Of(typeof(T))}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads an object saved as a component. The object already restored for that component is
    /// returned when it was met before (shared references stay shared). Otherwise the saved state
    /// is restored into <paramref name="existing"/> when it is not null (its runtime type must be
    /// the saved one), else into a new instance from <paramref name="create"/>. No type named by
    /// the file is ever instantiated. The object is fully restored when this returns, so nested
    /// components are read recursively, at most <see cref="MaxObjectDepth"/> levels deep.
    /// </summary>
    public T? ReadObject<T>(T? existing, Func<T>? create = null) where T : class
    {
        ref var cursor = ref Cursor;
        var tag = (ValueTag)cursor.ReadByte();
        if (tag == ValueTag.Null) return null;
        if (tag != ValueTag.ObjectRef) throw KindMismatch(tag, TypeNames.Of(typeof(T)));
        ulong raw = cursor.ReadVarUInt();
        if (raw >= (ulong)_materialized.Length) throw cursor.Fail($"refers to component {raw}, but there are only {_materialized.Length}");
        int id = (int)raw;
        if (_materialized[id] is { } known)
        {
            return known as T ?? throw cursor.Mismatch($"refers to an object of type {TypeNames.Of(known.GetType())} already restored elsewhere, but the member's type is {TypeNames.Of(typeof(T))}");
        }
        object target = existing ?? create?.Invoke() ?? throw new CheckpointMismatchException(
            $"Checkpoint {cursor.Where}: holds a {_manifest.TypeNameOf(id)}, but the member is null and {TypeNames.Of(typeof(T))} cannot be created here; " +
            "initialise the member before restoring (or give the type a parameterless constructor).");
        ReadComponentInto(id, target);
        return (T)target;
    }

    /// <summary>
    /// Like <see cref="ReadObject{T}(T, Func{T})"/>, creating the instance through the type's
    /// generated <see cref="ICheckpointableFactory{TSelf}"/> when <paramref name="existing"/> is null.
    /// </summary>
    public T? ReadOrCreateObject<T>(T? existing) where T : class, ICheckpointableFactory<T> =>
        ReadObject(existing, static () => T.CreateForRestore());

    /// <summary>Restores a TorchSharp module's training flag, parameters and buffers, in place, as members of the component being read (generated code for [Checkpointable] modules calls it after their own members).</summary>
    public void ReadModuleState(TorchSharp.torch.nn.Module module) => ModuleCodec.ReadState(this, module);

    /// <summary>Reads a checkpointable struct saved inline, starting from <paramref name="existing"/> (members missing from the file keep its values).</summary>
    public T ReadRecord<T>(T existing) where T : struct, ICheckpointable
    {
        BeginRecord(typeof(T));
        try
        {
            existing.ReadCheckpoint(this);
        }
        catch
        {
            PopTable(checkUnread: false);
            throw;
        }
        EndRecord();
        return existing;
    }

    /// <summary>Opens an inline record of the expected type; its members are then read with <see cref="TryBeginMember"/>.</summary>
    internal void BeginRecord(string expectedType) => BeginRecord(expectedType, null);

    private void BeginRecord(Type recordType) => BeginRecord(null, recordType);

    /// <summary>Opens an inline record saved under <paramref name="expectedName"/> (or the recorded name of <paramref name="recordType"/>, computed only the first time a string index is met).</summary>
    private void BeginRecord(string? expectedName, Type? recordType)
    {
        ref var cursor = ref Cursor;
        string saved = ReadRecordHeader(ref cursor, ValueTag.Record, expectedName, recordType);
        uint length = cursor.Read<uint>();
        if (length > (uint)cursor.Remaining) throw cursor.Fail($"record length {length} exceeds the {cursor.Remaining} bytes left");
        PushTable(cursor.TakeMemory((int)length), saved);
    }

    internal void EndRecord() => PopTable();

    /// <summary>Reads the tag and type name of a record or record columns and checks the name against the expected type; returns the saved name.</summary>
    private string ReadRecordHeader(ref ByteSource cursor, ValueTag expectedTag, string? expectedName, Type? recordType)
    {
        var tag = (ValueTag)cursor.ReadByte();
        if (tag != expectedTag) throw KindMismatch(tag, expectedName ?? (recordType is null ? expectedTag.ToString() : TypeNames.Of(recordType)));
        ulong nameIndex = cursor.ReadVarUInt();
        string saved = StringAt(nameIndex, ref cursor);
        // Neither given: any type; each object's type is checked when it is restored.
        if (expectedName is null && recordType is null) return saved;
        if (recordType is null || _checkedTypes[nameIndex] != recordType)
        {
            bool matches = recordType is null ? saved == expectedName : TypeNames.Matches(saved, recordType);
            if (!matches) throw cursor.Mismatch($"holds a {saved}, the code expects a {expectedName ?? TypeNames.Of(recordType!)}");
            if (recordType is not null) _checkedTypes[nameIndex] = recordType;
        }
        return saved;
    }

    private void ReadComponentInto(int id, object target)
    {
        var entry = _manifest.Components[id];
        string savedType = _manifest.Strings[entry.TypeNameIndex];
        var targetType = target.GetType();
        if (_checkedTypes[entry.TypeNameIndex] != targetType)
        {
            if (!TypeNames.Matches(savedType, targetType))
                throw new CheckpointMismatchException($"Checkpoint component {id} was saved from a {savedType}, but the object restored into it is a {TypeNames.Of(targetType)}.");
            _checkedTypes[entry.TypeNameIndex] = targetType;
        }
        // Each nested component is read by a nested call (ReadObject returns a restored object),
        // so a long chain deepens the stack; fail cleanly long before a StackOverflow, which would
        // kill the process.
        if (_objectDepth >= MaxObjectDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new CheckpointException(
                $"Checkpoint component {id} ({savedType}) is nested {_objectDepth} objects deep, more than the reader can follow " +
                $"(limit {MaxObjectDepth}, or less when the thread's stack is small). Restore on a thread with a larger stack, " +
                "or save long chains as a sequence instead of nested references.");
        _materialized[id] = target;
        int depth = _depth;
        _objectDepth++;
        try
        {
            // A row of object columns met through another reference before its collection.
            int group = _manifest.RowGroups.Length == 0 ? -1 : _manifest.GroupOf(id);
            if (group >= 0) ReadRowInto(group, id, target, savedType);
            else ReadMembersInto(_manifest.Area.Slice(entry.Offset, entry.Length), target, savedType);
        }
        finally
        {
            _objectDepth--;
            _depth = depth;
        }
        Report.ComponentCount++;
    }

    private void ReadMembersInto(ReadOnlyMemory<byte> members, object target, string savedType)
    {
        PushTable(members, savedType);
        bool completed = false;
        try
        {
            if (target is ICheckpointable checkpointable) checkpointable.ReadCheckpoint(this);
            else ObjectCodecs.Read(this, target);
            completed = true;
        }
        finally
        {
            // On the way out of an exception, unread keys are not news: checking them (Strict
            // mode throws) would replace the real error with a misleading one.
            PopTable(checkUnread: completed);
        }
    }

    private void PushTable(ReadOnlyMemory<byte> members, string owner)
    {
        if (_tableCount == _tables.Length) Array.Resize(ref _tables, _tables.Length * 2);
        var table = _tables[_tableCount] ??= new MemberTable();
        table.Load(members, owner, _manifest.Strings.Length);
        _tableCount++;
    }

    private void PopTable(bool checkUnread = true)
    {
        // The table stays in _tables for reuse by the next component or record at this level.
        var table = _tables[--_tableCount];
        if (!checkUnread || !table.HasUnread) return;
        foreach (int key in table.UnreadKeys())
        {
            string where = $"{table.Owner}.{_manifest.Strings[key]}";
            if (Options.Strict) throw new CheckpointMismatchException($"The checkpoint has a value for {where} that the code does not read (Strict mode).");
            Report.Skipped(where);
        }
    }

    private void Push(ByteSource source)
    {
        if (++_depth == _cursors.Length) Array.Resize(ref _cursors, _cursors.Length * 2);
        _cursors[_depth] = source;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private T ReadScalar<T>(ValueTag expected) where T : unmanaged
    {
        ref var cursor = ref Cursor;
        var tag = (ValueTag)cursor.ReadByte();
        if (tag != expected) throw KindMismatch(tag, expected.ToString());
        return cursor.Read<T>();
    }

    private static void Expect(ref ByteSource cursor, ValueTag expected)
    {
        var tag = (ValueTag)cursor.ReadByte();
        if (tag != expected) throw new CheckpointMismatchException($"Checkpoint {cursor.Where}: holds a {tag} value, the code reads {expected}.");
    }

    private int ReadHeader(ValueTag expected, int minBytesPerItem, string what)
    {
        ref var cursor = ref Cursor;
        var tag = (ValueTag)cursor.ReadByte();
        if (tag != expected) throw KindMismatch(tag, expected.ToString());
        return cursor.ReadCount(minBytesPerItem, what);
    }

    private string StringAt(ulong index, ref ByteSource cursor) =>
        index < (ulong)_manifest.Strings.Length ? _manifest.Strings[index] : throw cursor.Fail($"names string {index}, but there are only {_manifest.Strings.Length}");

    private CheckpointException KindMismatch(ValueTag found, string expected, string prefix = "")
    {
        string where = _depth >= 0 ? _cursors[_depth].Where : CurrentTypeName;
        if (!Enum.IsDefined(found)) return new CheckpointFormatException($"Checkpoint {where}: unknown value tag {(byte)found} (damaged data).");
        return new CheckpointMismatchException($"Checkpoint {where}: holds {prefix}{found}, but the code reads {prefix}{expected}; the member's type changed since the checkpoint was written.");
    }

    /// <summary>Closes the checkpoint.</summary>
    public void Dispose() => Source.Dispose();
}
