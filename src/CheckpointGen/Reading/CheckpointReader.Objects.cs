using CheckpointGen.Format;
using CheckpointGen.Torch;

namespace CheckpointGen.Reading;

public sealed partial class CheckpointReader
{
    private Dictionary<int, GroupRows>? _groupRows;

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
        if (InIds)
        {
            int element = TakeId();
            return element == FileLayout.NullId ? null : ReadObject(element, existing, create, _cursors[_depth].Where);
        }
        ref var cursor = ref Cursor;
        var tag = (ValueTag)cursor.ReadByte();
        if (tag == ValueTag.Null) return null;
        if (tag != ValueTag.ObjectRef) throw KindMismatch(tag, TypeNames.Of(typeof(T)));
        int id = _decoder.ReadObjectRef(ref cursor);
        if (_materialized[id] is { } known) return Restored<T>(known, cursor.Where);
        return ReadObject(id, existing, create, cursor.Where);
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
        ref var cursor = ref Cursor;
        ExpectTag(ref cursor, ValueTag.Record, typeof(T));
        var record = _decoder.ReadRecord(ref cursor);
        PushTable(record.Members, CheckedTypeName(ref cursor, record.TypeName, typeof(T)));
        try
        {
            existing.ReadCheckpoint(this);
        }
        catch
        {
            PopTable(checkUnread: false);
            throw;
        }
        PopTable();
        return existing;
    }

    /// <summary>Opens an inline record saved under <paramref name="expectedType"/> (runtime encoders of library types); its members are then read with <see cref="TryBeginMember"/>.</summary>
    internal void BeginRecord(string expectedType)
    {
        ref var cursor = ref Cursor;
        ExpectTag(ref cursor, ValueTag.Record, expectedType);
        var record = _decoder.ReadRecord(ref cursor);
        string saved = _manifest.Strings[record.TypeName];
        if (saved != expectedType) throw cursor.Mismatch($"holds a {saved}, the code expects a {expectedType}");
        PushTable(record.Members, saved);
    }

    internal void EndRecord() => PopTable();

    /// <summary>The object to return for a component already restored, which must be a <typeparamref name="T"/>.</summary>
    private static T Restored<T>(object known, string where) where T : class =>
        known as T ?? throw new CheckpointMismatchException($"Checkpoint {where}: refers to an object of type {TypeNames.Of(known.GetType())} already restored elsewhere, but the member's type is {TypeNames.Of(typeof(T))}.");

    /// <summary>Restores component <paramref name="id"/>, not restored yet, into <paramref name="existing"/> or a new instance.</summary>
    private T ReadObject<T>(int id, T? existing, Func<T>? create, string where) where T : class
    {
        if (_materialized[id] is { } known) return Restored<T>(known, where);
        object target = existing ?? create?.Invoke() ?? throw new CheckpointMismatchException(
            $"Checkpoint {where}: holds a {_manifest.TypeNameOf(id)}, but the member is null and {TypeNames.Of(typeof(T))} cannot be created here; " +
            "initialise the member before restoring (or give the type a parameterless constructor).");
        ReadComponentInto(id, target);
        return (T)target;
    }

    /// <summary>The saved type name at <paramref name="nameIndex"/>, which must be the recorded name of <paramref name="type"/> (checked once per name).</summary>
    private string CheckedTypeName(ref ByteSource cursor, int nameIndex, Type type)
    {
        string saved = _manifest.Strings[nameIndex];
        if (_checkedTypes[nameIndex] == type) return saved;
        if (!TypeNames.Matches(saved, type)) throw cursor.Mismatch($"holds a {saved}, the code expects a {TypeNames.Of(type)}");
        _checkedTypes[nameIndex] = type;
        return saved;
    }

    /// <summary>Opens row <paramref name="id"/> − first id of row group <paramref name="groupIndex"/> as the member table of component <paramref name="id"/>.</summary>
    private void PushRowTable(int groupIndex, int id, string savedType)
    {
        if (!(_groupRows ??= []).TryGetValue(groupIndex, out var rows))
        {
            rows = GroupRows.Index(_decoder, _decoder.ReadRowGroup(groupIndex), _walker);
            if (rows.TypeName != savedType)
                throw new CheckpointFormatException($"Checkpoint component {id} is a {savedType} in the directory, but its row group holds {rows.TypeName} (damaged data).");
            _groupRows.Add(groupIndex, rows);
        }
        NextTable().LoadRow(rows, id - _manifest.RowGroups[groupIndex].FirstId);
        _tableCount++;
    }
}
