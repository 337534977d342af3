using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CheckpointGen.Format;
using CheckpointGen.Torch;
using MemoryPack;
using TorchSharp;

namespace CheckpointGen.Writing;

/// <summary>
/// Builds the manifest of one checkpoint. Generated <see cref="ICheckpointable.WriteCheckpoint"/>
/// code calls it: <see cref="BeginMember"/>, exactly one value, <see cref="EndMember"/>.
/// </summary>
/// <remarks>
/// Objects are written as components. An object met a second time is written as a reference to its
/// first component (shared references stay shared; cycles terminate), and components are written
/// breadth-first from a queue, so a deep object graph never deepens the call stack. Everything goes
/// into a <see cref="CheckpointContent"/>; tensors and large arrays are only recorded there, and
/// <see cref="CheckpointFileWriter"/> reads their bytes when it writes the file.
/// </remarks>
public sealed partial class CheckpointWriter : IDisposable
{
    private readonly CheckpointContent _content = new();
    private readonly ByteSink _sink;
    private readonly StringTable _strings;
    private readonly RentedList<ComponentEntry> _components;
    private readonly ObjectIdMap _objectIds = new();
    private readonly Queue<(object Value, int Id)> _pending = new();
    private readonly Stack<int> _openMembers = new();
    private Type? _lastRegisteredType;
    private int _lastRegisteredTypeName;

    internal CheckpointWriter()
    {
        _sink = _content.Area;
        _strings = _content.Strings;
        _components = _content.Components;
    }

    /// <summary>What the save has collected so far (all of it once <see cref="WriteGraph"/> has returned).</summary>
    internal CheckpointContent Content => _content;

    /// <summary>Writes <paramref name="root"/> as component 0, then every component it reaches.</summary>
    internal void WriteGraph(object root)
    {
        ArgumentNullException.ThrowIfNull(root);
        Register(root);
        while (_pending.TryDequeue(out var next))
        {
            int start = _sink.Length;
            // The common case first: the codec list would find the same ICheckpointable codec, at the cost of a search per object.
            if (next.Value is ICheckpointable checkpointable) checkpointable.WriteCheckpoint(this);
            else ObjectCodecs.Write(this, next.Value);
            if (_openMembers.Count != 0)
                throw new InvalidOperationException($"{TypeNames.Of(next.Value.GetType())}.WriteCheckpoint left {_openMembers.Count} member(s) open: every BeginMember needs an EndMember.");
            ref var entry = ref _components[next.Id];
            entry = entry with { Offset = start, Length = _sink.Length - start };
        }
    }

    /// <summary>Starts the member stored under <paramref name="key"/>; write one value, then call <see cref="EndMember"/>.</summary>
    public void BeginMember(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _sink.WriteVarUInt((uint)_strings.Intern(key));
        _openMembers.Push(_sink.ReserveUInt32());
    }

    /// <summary>
    /// Starts a configuration member (<see cref="CheckpointConfigurationAttribute"/>) stored under
    /// <paramref name="key"/>: a restore compares it with the run's value instead of restoring it.
    /// Write one value, then call <see cref="EndMember"/>.
    /// </summary>
    public void BeginConfiguration(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        BeginMember(Configuration.ConfigurationKeys.Of(key));
    }

    /// <summary>Ends the member started by <see cref="BeginMember"/> (records its length so that a reader can skip it).</summary>
    public void EndMember()
    {
        if (!_openMembers.TryPop(out int at))
            throw new InvalidOperationException("EndMember without a matching BeginMember.");
        _sink.PatchUInt32(at, checked((uint)(_sink.Length - at - 4)));
    }

    /// <summary>Writes null (a null reference or an empty nullable).</summary>
    public void WriteNull() => _sink.WriteByte((byte)ValueTag.Null);

    /// <summary>Writes a Boolean.</summary>
    public void WriteBoolean(bool value) => _sink.WriteByte((byte)(value ? ValueTag.True : ValueTag.False));

    /// <summary>Writes an 8-bit signed integer.</summary>
    public void WriteSByte(sbyte value) => WriteScalar(ValueTag.SByte, value);

    /// <summary>Writes an 8-bit unsigned integer.</summary>
    public void WriteByte(byte value) => WriteScalar(ValueTag.Byte, value);

    /// <summary>Writes a 16-bit signed integer.</summary>
    public void WriteInt16(short value) => WriteScalar(ValueTag.Int16, value);

    /// <summary>Writes a 16-bit unsigned integer.</summary>
    public void WriteUInt16(ushort value) => WriteScalar(ValueTag.UInt16, value);

    /// <summary>Writes a 32-bit signed integer.</summary>
    public void WriteInt32(int value) => WriteScalar(ValueTag.Int32, value);

    /// <summary>Writes a 32-bit unsigned integer.</summary>
    public void WriteUInt32(uint value) => WriteScalar(ValueTag.UInt32, value);

    /// <summary>Writes a 64-bit signed integer.</summary>
    public void WriteInt64(long value) => WriteScalar(ValueTag.Int64, value);

    /// <summary>Writes a 64-bit unsigned integer.</summary>
    public void WriteUInt64(ulong value) => WriteScalar(ValueTag.UInt64, value);

    /// <summary>Writes a half-precision float.</summary>
    public void WriteHalf(Half value) => WriteScalar(ValueTag.Half, value);

    /// <summary>Writes a single-precision float (bit for bit, NaN payloads included).</summary>
    public void WriteSingle(float value) => WriteScalar(ValueTag.Single, value);

    /// <summary>Writes a double-precision float (bit for bit, NaN payloads included).</summary>
    public void WriteDouble(double value) => WriteScalar(ValueTag.Double, value);

    /// <summary>Writes a decimal.</summary>
    public void WriteDecimal(decimal value) => WriteScalar(ValueTag.Decimal, value);

    /// <summary>Writes a UTF-16 code unit.</summary>
    public void WriteChar(char value) => WriteScalar(ValueTag.Char, value);

    /// <summary>Writes a string (null allowed).</summary>
    public void WriteString(string? value)
    {
        if (value is null) { WriteNull(); return; }
        _sink.WriteByte((byte)ValueTag.String);
        int max = ByteSource.StrictUtf8.GetMaxByteCount(value.Length);
        if (max <= 1024)
        {
            Span<byte> scratch = stackalloc byte[max];
            int n = ByteSource.StrictUtf8.GetBytes(value, scratch);
            _sink.WriteVarUInt((uint)n);
            _sink.WriteBytes(scratch[..n]);
        }
        else
        {
            int n = ByteSource.StrictUtf8.GetByteCount(value);
            _sink.WriteVarUInt((uint)n);
            ByteSource.StrictUtf8.GetBytes(value, _sink.GetSpan(n));
            _sink.Advance(n);
        }
    }

    /// <summary>Writes a DateTime (ticks and kind).</summary>
    public void WriteDateTime(DateTime value)
    {
        _sink.WriteByte((byte)ValueTag.DateTime);
        _sink.Write(value.Ticks);
        _sink.WriteByte((byte)value.Kind);
    }

    /// <summary>Writes a DateTimeOffset (ticks and offset in minutes).</summary>
    public void WriteDateTimeOffset(DateTimeOffset value)
    {
        _sink.WriteByte((byte)ValueTag.DateTimeOffset);
        _sink.Write(value.Ticks);
        _sink.Write((short)value.Offset.TotalMinutes);
    }

    /// <summary>Writes a TimeSpan.</summary>
    public void WriteTimeSpan(TimeSpan value) => WriteScalar(ValueTag.TimeSpan, value.Ticks);

    /// <summary>Writes a Guid.</summary>
    public void WriteGuid(Guid value)
    {
        _sink.WriteByte((byte)ValueTag.Guid);
        value.TryWriteBytes(_sink.GetSpan(16));
        _sink.Advance(16);
    }

    /// <summary>Starts a sequence of <paramref name="count"/> values (list, set, queue, stack, array of non-primitives); write each value next.</summary>
    public void BeginSequence(int count) => WriteHeader(ValueTag.Sequence, count);

    /// <summary>Starts a map of <paramref name="count"/> entries; write each key, then its value.</summary>
    public void BeginMap(int count) => WriteHeader(ValueTag.Map, count);

    /// <summary>Starts a tuple of <paramref name="arity"/> items; write each item next.</summary>
    public void BeginTuple(int arity) => WriteHeader(ValueTag.Tuple, arity);

    /// <summary>Starts a multi-dimensional array with these lengths; write its elements next as one sequence or primitive array in row-major order.</summary>
    public void BeginMultiArray(ReadOnlySpan<int> lengths)
    {
        WriteHeader(ValueTag.MultiArray, lengths.Length);
        foreach (int length in lengths)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(length);
            _sink.WriteVarUInt((uint)length);
        }
    }

    /// <summary>
    /// Writes an array of a primitive kind (bool, integers, floats, char) as one block copy.
    /// Enums go through their underlying type (<c>MemoryMarshal.Cast</c>).
    /// </summary>
    public void WritePrimitiveArray<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        _sink.WriteByte((byte)ValueTag.PrimitiveArray);
        _sink.WriteByte((byte)PrimitiveTags.Of<T>());
        _sink.WriteVarUInt((uint)values.Length);
        _sink.WriteBytes(MemoryMarshal.AsBytes(values));
    }

    /// <summary>Writes a [MemoryPackable] value through MemoryPack (null allowed).</summary>
    public void WriteMemoryPack<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(T? value) where T : IMemoryPackable<T>
    {
        if (value is null) { WriteNull(); return; }
        _sink.WriteByte((byte)ValueTag.Blob);
        _sink.WriteVarUInt((uint)_strings.Intern(TypeNames.Of(typeof(T))));
        byte[] bytes = MemoryPackSerializer.Serialize(value);
        _sink.WriteVarUInt((uint)bytes.Length);
        _sink.WriteBytes(bytes);
    }

    /// <summary>
    /// Writes a reference to an object saved as its own component: an <see cref="ICheckpointable"/>,
    /// a TorchSharp module, optimizer, LR scheduler or generator. An object already written is
    /// written as a reference to the same component.
    /// </summary>
    public void WriteObject(object? value)
    {
        if (value is null) { WriteNull(); return; }
        ref int known = ref _objectIds.GetValueRefOrAddDefault(value, out bool exists);
        int id = exists ? known : known = Register(value, registered: true);
        _sink.WriteByte((byte)ValueTag.ObjectRef);
        _sink.WriteVarUInt((uint)id);
    }

    /// <summary>Writes a TorchSharp module's training flag, parameters and buffers as members of the current component (generated code for [Checkpointable] modules calls it after their own members).</summary>
    public void WriteModuleState(torch.nn.Module module) => ModuleCodec.WriteState(this, module);

    /// <summary>Writes a checkpointable struct inline (structs have no identity, so they are never shared).</summary>
    public void WriteRecord<T>(in T value) where T : struct, ICheckpointable
    {
        T copy = value;
        BeginRecord(RecordTypeName<T>.Value);
        copy.WriteCheckpoint(this);
        EndRecord();
    }

    /// <summary>Starts an inline record of named members (used by runtime encoders of library types).</summary>
    internal void BeginRecord(string typeName)
    {
        _sink.WriteByte((byte)ValueTag.Record);
        _sink.WriteVarUInt((uint)_strings.Intern(typeName));
        _openMembers.Push(_sink.ReserveUInt32());
    }

    internal void EndRecord() => EndMember();

    /// <summary>Gives <paramref name="value"/> the next component id and queues it; <paramref name="registered"/>: the caller has already added it to <see cref="_objectIds"/> and stores the id.</summary>
    private int Register(object value, bool registered = false)
    {
        // Whether a codec handles an object, and its recorded name, depend on its type alone: a
        // replay buffer registers thousands of objects of one type, checked and named once.
        var type = value.GetType();
        if (type != _lastRegisteredType)
        {
            if (!ObjectCodecs.CanWrite(value))
            {
                if (registered) _objectIds.Remove(value);
                throw new CheckpointException($"An object of type {TypeNames.Of(type)} cannot be checkpointed: mark it [Checkpointable] (and partial), or leave the member out with [CheckpointIgnore].");
            }
            _lastRegisteredTypeName = _strings.Intern(TypeNames.Of(type));
            _lastRegisteredType = type;
        }
        int id = _components.Count;
        if (!registered) _objectIds.Add(value, id);
        _components.Add(new ComponentEntry(_lastRegisteredTypeName, 0, 0));
        _pending.Enqueue((value, id));
        return id;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteScalar<T>(ValueTag tag, T value) where T : unmanaged
    {
        var span = _sink.GetSpan(1 + Unsafe.SizeOf<T>());
        span[0] = (byte)tag;
        Unsafe.WriteUnaligned(ref span[1], value);
        _sink.Advance(1 + Unsafe.SizeOf<T>());
    }

    private void WriteHeader(ValueTag tag, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _sink.WriteByte((byte)tag);
        _sink.WriteVarUInt((uint)count);
    }

    /// <summary>
    /// Makes the writer ready for another save of a graph, keeping the room its tables and buffers
    /// grew to: a snapshot taken at every save then neither allocates nor regrows them.
    /// </summary>
    internal void Reset()
    {
        _content.Clear();
        ForgetObjects();
        _pending.Clear();
        _openMembers.Clear();
        _lastRegisteredType = null;
        _lastRegisteredTypeName = 0;
    }

    /// <summary>Drops the references to the saved graph's objects and tensors that only the walk needs (the content keeps what the file needs).</summary>
    internal void ForgetObjects()
    {
        _objectIds.Clear();
        _tensorIds.Clear();
    }

    /// <summary>Releases the manifest buffer and the tensors made for this checkpoint.</summary>
    public void Dispose()
    {
        _objectIds.Dispose();
        _content.Dispose();
    }
}

/// <summary>The recorded name of a record type, looked up once per type rather than once per record written.</summary>
internal static class RecordTypeName<T>
{
    public static readonly string Value = TypeNames.Of(typeof(T));
}
