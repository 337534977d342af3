using System.Runtime.InteropServices;
using CheckpointGen.Format;
using CheckpointGen.Reading;
using CheckpointGen.Writing;
using TorchSharp;
using TorchSharp.Modules;

namespace CheckpointGen.Generics;

/// <summary>
/// Objects saved as components, found by their type alone: shared references stay shared. A null
/// member is created with <paramref name="create"/> when there is one; without it (a type whose
/// factory only a constraint reaches) the restore says which registration creates it.
/// </summary>
internal sealed class ObjectCodec<T>(Func<object>? create) : ValueCodec<T>
{
    public override void Write(CheckpointWriter writer, T value) => writer.WriteObject(value);

    public override T Read(CheckpointReader reader, T existing)
    {
        var read = reader.ReadObject<object>(existing, create ?? CannotCreate);
        if (read is null) return default!;
        return read is T value ? value : throw new CheckpointMismatchException(
            $"Checkpoint: a value of type {TypeNames.Of(typeof(T))} refers to an object of type {TypeNames.Of(read.GetType())} restored elsewhere.");
    }

    private static object CannotCreate() => throw new CheckpointMismatchException(
        $"Checkpoint: holds a {TypeNames.Of(typeof(T))} where the object restored into is null, and this generic type cannot create one: " +
        "initialise it before restoring, or name the closed generic type in a [Checkpointable] type (its generated code registers the factory).");
}

/// <summary>A [Checkpointable] class with a restore factory: a null member is created (registered by generated code that names the closed type).</summary>
/// <typeparam name="T">The class.</typeparam>
public sealed class FactoryObjectCodec<T> : ValueCodec<T?> where T : class, ICheckpointableFactory<T>
{
    /// <inheritdoc/>
    public override void Write(CheckpointWriter writer, T? value) => writer.WriteObject(value);

    /// <inheritdoc/>
    public override T? Read(CheckpointReader reader, T? existing) => reader.ReadOrCreateObject(existing);
}

/// <summary>A [Checkpointable] class with object columns (ICheckpointableRows): its lists and arrays are object columns, as for a member of the closed type.</summary>
/// <typeparam name="T">The class.</typeparam>
public sealed class ObjectColumnsCodec<T> : ValueCodec<T?> where T : class, ICheckpointableRows<T>
{
    /// <inheritdoc/>
    public override void Write(CheckpointWriter writer, T? value) => writer.WriteObject(value);

    /// <inheritdoc/>
    public override T? Read(CheckpointReader reader, T? existing) => reader.ReadOrCreateObject(existing);

    /// <inheritdoc/>
    public override void WriteList(CheckpointWriter writer, List<T?> list) => writer.WriteObjectColumns<T>(CollectionsMarshal.AsSpan(list));

    /// <inheritdoc/>
    public override List<T?> ReadList(CheckpointReader reader, List<T?>? existing) => reader.ReadObjectList<T>(existing!)!;

    /// <inheritdoc/>
    public override void WriteArray(CheckpointWriter writer, T?[] array) => writer.WriteObjectColumns<T>(array);

    /// <inheritdoc/>
    public override T?[] ReadArray(CheckpointReader reader, T?[]? existing) => reader.ReadObjectArray<T>(existing!)!;
}

/// <summary>A tensor, restored in place when dtype, shape and device match.</summary>
internal sealed class TensorCodec : ValueCodec<torch.Tensor?>
{
    public override void Write(CheckpointWriter writer, torch.Tensor? value) => writer.WriteTensor(value);

    public override torch.Tensor? Read(CheckpointReader reader, torch.Tensor? existing) => reader.ReadTensor(existing);
}

/// <summary>A Parameter stays the same Parameter when restored in place; a new tensor becomes a new Parameter.</summary>
internal sealed class ParameterCodec : ValueCodec<Parameter?>
{
    public override void Write(CheckpointWriter writer, Parameter? value) => writer.WriteTensor(value);

    public override Parameter? Read(CheckpointReader reader, Parameter? existing) =>
        reader.ReadTensor(existing) is { } tensor ? tensor as Parameter ?? new Parameter(tensor) : null;
}
