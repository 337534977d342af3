using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using CheckpointGen.Reading;
using CheckpointGen.Writing;
using MemoryPack;

namespace CheckpointGen.Generics;

/// <summary>
/// A checkpointable struct found by its type alone: written as an inline record through the
/// boxed value (no constraint reaches its generated code here). The record is the one a member of
/// the struct's type holds; a list of it is a sequence of records, which readers of record columns accept.
/// </summary>
internal sealed class BoxedRecordCodec<T> : ValueCodec<T>
{
    public override void Write(CheckpointWriter writer, T value)
    {
        writer.BeginRecord(RecordTypeName<T>.Value);
        ((ICheckpointable)value!).WriteCheckpoint(writer);
        writer.EndRecord();
    }

    public override T Read(CheckpointReader reader, T existing)
    {
        object boxed = existing!;
        reader.BeginRecord(RecordTypeName<T>.Value);
        ((ICheckpointable)boxed).ReadCheckpoint(reader);
        reader.EndRecord();
        return (T)boxed;
    }
}

/// <summary>A [Checkpointable] struct, registered by generated code that names the closed type: records, and record columns for its lists and arrays.</summary>
/// <typeparam name="T">The struct.</typeparam>
public sealed class RecordColumnsCodec<T> : ValueCodec<T> where T : struct, ICheckpointableRecord<T>
{
    /// <inheritdoc/>
    public override void Write(CheckpointWriter writer, T value) => writer.WriteRecord(in value);

    /// <inheritdoc/>
    public override T Read(CheckpointReader reader, T existing) => reader.ReadRecord(existing);

    /// <inheritdoc/>
    public override void WriteList(CheckpointWriter writer, List<T> list) => writer.WriteRecordColumns<T>(CollectionsMarshal.AsSpan(list));

    /// <inheritdoc/>
    public override List<T> ReadList(CheckpointReader reader, List<T>? existing) => reader.ReadRecordList(existing)!;

    /// <inheritdoc/>
    public override void WriteArray(CheckpointWriter writer, T[] array) => writer.WriteRecordColumns<T>(array);

    /// <inheritdoc/>
    public override T[] ReadArray(CheckpointReader reader, T[]? existing) => reader.ReadRecordArray(existing)!;
}

/// <summary>A [MemoryPackable] type, registered by generated code that names the closed type.</summary>
/// <typeparam name="T">The type.</typeparam>
public sealed class MemoryPackCodec<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T> : ValueCodec<T?> where T : IMemoryPackable<T>
{
    /// <inheritdoc/>
    public override void Write(CheckpointWriter writer, T? value) => writer.WriteMemoryPack(value);

    /// <inheritdoc/>
    public override T? Read(CheckpointReader reader, T? existing) => reader.ReadMemoryPack<T>();
}
