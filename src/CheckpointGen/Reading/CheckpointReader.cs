using System.Runtime.CompilerServices;
using CheckpointGen.Format;
using CheckpointGen.Torch;

namespace CheckpointGen.Reading;

/// <summary>
/// Restores objects from a checkpoint whose header, footer, manifest and tensor table have been
/// verified. Generated <see cref="ICheckpointable.ReadCheckpoint"/> code calls it:
/// <see cref="TryBeginMember"/> (false: the file lacks the key, keep the current value), read one
/// value, <see cref="EndMember"/>. Every read checks the stored kind against the expected one and
/// every length against the bytes present (through <see cref="ValueDecoder"/>).
/// </summary>
public sealed partial class CheckpointReader : IDisposable
{
    private readonly Manifest _manifest;
    private readonly ValueDecoder _decoder;
    private readonly ValueWalker _walker;
    private readonly FileHeader _header;
    private readonly Dictionary<string, int> _keyIndex;
    private readonly object?[] _materialized;
    // One member table per nesting level (components and records), reloaded rather than reallocated: see MemberTable.
    private MemberTable[] _tables = new MemberTable[8];
    private int _tableCount;
    // The runtime type already checked against each type-name string: a restore of many objects of
    // one type compares the names once instead of once per object.
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

    internal CheckpointReader(CheckpointSource source, CheckpointDirectory directory, CheckpointLoadOptions options)
    {
        Source = source;
        _manifest = directory.Manifest;
        _decoder = directory.Decoder();
        _walker = new ValueWalker(_decoder);
        _tensors = directory.Tensors;
        Blocks = directory.Blocks;
        _header = directory.Header;
        Options = options;
        var strings = _manifest.Strings;
        _keyIndex = new Dictionary<string, int>(strings.Length, StringComparer.Ordinal);
        for (int i = 0; i < strings.Length; i++)
        {
            // The writer stores each string once; member lookups compare texts and rely on that.
            if (!_keyIndex.TryAdd(strings[i], i))
                throw new CheckpointFormatException($"Checkpoint {source.Name}: the manifest's string table holds \"{strings[i]}\" twice (damaged data).");
        }
        _checkedTypes = new Type?[strings.Length];
        _materialized = new object?[_manifest.Components.Length];
        Report = new RestoreReport { WriterVersion = _header.WriterVersion };
    }

    internal CheckpointSource Source { get; }

    /// <summary>The load options in force.</summary>
    public CheckpointLoadOptions Options { get; }

    /// <summary>Schema differences noticed so far.</summary>
    public RestoreReport Report { get; }

    /// <summary>The type name recorded for the component or record being read.</summary>
    public string CurrentTypeName => _tableCount > 0 ? _tables[_tableCount - 1].Owner : "";

    /// <summary>The value being read; with no member open, or at or past the depth of object columns read as a sequence (<see cref="BeginSequence"/>), the slow path decides.</summary>
    private ref ByteSource Cursor
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)_depth >= (uint)_idsDepth) return ref CursorPastFastPath();
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
        if (!table.TryFind(key, _manifest.Strings, _keyIndex, out var value, out int cellTag))
        {
            string where = $"{table.Owner}.{key}";
            if (Options.Strict) throw new CheckpointMismatchException($"The checkpoint has no value for {where} (Strict mode).");
            Report.Missing(where);
            return false;
        }
        Push(ByteSource.Value(value, cellTag, "member", table.Owner, key));
        return true;
    }

    /// <summary>Closes the member opened by <see cref="TryBeginMember"/>.</summary>
    public void EndMember()
    {
        if (_depth < 0) throw new InvalidOperationException("EndMember without TryBeginMember.");
        _depth--;
    }

    /// <summary>
    /// Restores component <paramref name="id"/> into <paramref name="target"/> through the object's own
    /// per-member code: from its member list, or, for a row of object columns reached before its
    /// collection (or a collection read one object at a time), from its row of the group's columns.
    /// </summary>
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
        // Each nested component is read by a nested call (ReadObject returns a restored object), so a
        // long chain deepens the stack; fail cleanly long before a StackOverflow, which would kill the process.
        if (_objectDepth >= MaxObjectDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new CheckpointException(
                $"Checkpoint component {id} ({savedType}) is nested {_objectDepth} objects deep, more than the reader can follow " +
                $"(limit {MaxObjectDepth}, or less when the thread's stack is small). Restore on a thread with a larger stack, " +
                "or save long chains as a sequence instead of nested references.");
        _materialized[id] = target;
        int depth = _depth;
        var ids = SuspendIds();
        _objectDepth++;
        try
        {
            int group = _manifest.RowGroups.Length == 0 ? -1 : _manifest.GroupOf(id);
            if (group < 0) PushTable(_manifest.Area.Slice(entry.Offset, entry.Length), savedType);
            else PushRowTable(group, id, savedType);
            ReadMembersInto(target);
        }
        finally
        {
            _objectDepth--;
            _depth = depth;
            ResumeIds(ids);
        }
        Report.ComponentCount++;
    }

    /// <summary>Runs the object's own restore code over the member table on top, then closes it.</summary>
    private void ReadMembersInto(object target)
    {
        bool completed = false;
        try
        {
            if (target is ICheckpointable checkpointable) checkpointable.ReadCheckpoint(this);
            else ObjectCodecs.Read(this, target);
            completed = true;
        }
        finally
        {
            // On the way out of an exception, unread keys are not news: checking them (Strict mode
            // throws) would replace the real error with a misleading one.
            PopTable(checkUnread: completed);
        }
    }

    private MemberTable NextTable()
    {
        if (_tableCount == _tables.Length) Array.Resize(ref _tables, _tables.Length * 2);
        return _tables[_tableCount] ??= new MemberTable();
    }

    private void PushTable(ReadOnlyMemory<byte> members, string owner)
    {
        NextTable().Load(members, owner, _manifest.Strings.Length);
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
        // A new value at the depth of object columns read as a sequence: that sequence is over.
        if (_depth == _idsDepth) EndIds();
        _cursors[_depth] = source;
    }

    private CheckpointException KindMismatch(ValueTag found, string expected, string prefix = "")
    {
        string where = _depth >= 0 ? _cursors[_depth].Where : CurrentTypeName;
        if (!Enum.IsDefined(found)) return new CheckpointFormatException($"Checkpoint {where}: unknown value tag {(byte)found} (damaged data).");
        return new CheckpointMismatchException($"Checkpoint {where}: holds {prefix}{found}, but the code reads {prefix}{expected}; the member's type changed since the checkpoint was written.");
    }

    /// <summary>Reads a tag that must be <paramref name="expected"/>; <paramref name="what"/> (a type, or a name) is named in the message, only put together when it is needed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ExpectTag(ref ByteSource cursor, ValueTag expected, object? what = null)
    {
        var tag = (ValueTag)cursor.ReadByte();
        if (tag != expected) throw KindMismatch(tag, what switch { Type type => TypeNames.Of(type), string name => name, _ => expected.ToString() });
    }

    /// <summary>Closes the checkpoint.</summary>
    public void Dispose() => Source.Dispose();
}
