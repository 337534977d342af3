using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CheckpointGen.Reading;
using CheckpointGen.Writing;

namespace CheckpointGen;

/// <summary>The object columns of one class (<see cref="ICheckpointableRows{TSelf}"/>), callable with rows typed as objects.</summary>
public abstract class RowsCodec
{
    private protected RowsCodec()
    {
    }

    /// <summary>The class whose columns these are; only objects of exactly this class are its rows.</summary>
    internal abstract Type Type { get; }

    /// <summary>The class's recorded name.</summary>
    internal abstract string TypeName { get; }

    internal abstract object Create();

    internal abstract void WriteColumns(CheckpointWriter writer, ReadOnlySpan<object> rows);

    internal abstract void ReadColumns(CheckpointReader reader, ReadOnlySpan<object?> rows);
}

/// <summary>The object columns of <typeparamref name="T"/>; rows handed to it are all of exactly <typeparamref name="T"/> (or null).</summary>
internal sealed class RowsCodec<T> : RowsCodec where T : class, ICheckpointableRows<T>
{
    public static readonly RowsCodec<T> Instance = new();

    internal override Type Type => typeof(T);

    internal override string TypeName => RecordTypeName<T>.Value;

    internal override object Create() => T.CreateForRestore();

    internal override void WriteColumns(CheckpointWriter writer, ReadOnlySpan<object> rows) =>
        T.WriteColumns(writer, MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<object, T>(ref MemoryMarshal.GetReference(rows)), rows.Length));

    internal override void ReadColumns(CheckpointReader reader, ReadOnlySpan<object?> rows) =>
        T.ReadColumns(reader, MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<object?, T?>(ref MemoryMarshal.GetReference(rows)), rows.Length));
}
