using System.Runtime.InteropServices;
using CheckpointGen.Reading;
using CheckpointGen.Writing;

namespace CheckpointGen.Generics;

/// <summary>
/// Writes and reads the values of one type for code that knows the type only as a type parameter:
/// the generated code of a generic [Checkpointable] type asks <see cref="ValueCodecs.For{T}"/> for
/// each of its type parameters. A value is encoded exactly as a member of the closed type would be
/// (a <c>List&lt;T&gt;</c> of doubles as one primitive array, of structs as record columns…), so a
/// checkpoint does not depend on whether the code that wrote it was generic.
/// </summary>
/// <typeparam name="T">The closed type.</typeparam>
public abstract class ValueCodec<T>
{
    /// <summary>Writes one value (null allowed where <typeparamref name="T"/> allows it).</summary>
    public abstract void Write(CheckpointWriter writer, T value);

    /// <summary>Reads one value, restoring into <paramref name="existing"/> where the kind allows (objects, records, tensors).</summary>
    public abstract T Read(CheckpointReader reader, T existing);

    /// <summary>Writes a non-null list: a sequence of values unless the kind has a denser layout.</summary>
    public virtual void WriteList(CheckpointWriter writer, List<T> list)
    {
        writer.BeginSequence(list.Count);
        foreach (var item in CollectionsMarshal.AsSpan(list)) Write(writer, item);
    }

    /// <summary>Reads a list written by <see cref="WriteList"/>, element i into the list's element i (the list grows or shrinks to the saved count).</summary>
    public virtual List<T> ReadList(CheckpointReader reader, List<T>? existing)
    {
        int count = reader.BeginSequence();
        var list = existing ?? new List<T>(count);
        for (int i = 0; i < count; i++)
        {
            T item = Read(reader, i < list.Count ? list[i] : default!);
            if (i < list.Count) list[i] = item;
            else list.Add(item);
        }
        if (list.Count > count) list.RemoveRange(count, list.Count - count);
        return list;
    }

    /// <summary>Writes a non-null array: a sequence of values unless the kind has a denser layout.</summary>
    public virtual void WriteArray(CheckpointWriter writer, T[] array)
    {
        writer.BeginSequence(array.Length);
        foreach (var item in array) Write(writer, item);
    }

    /// <summary>Reads an array written by <see cref="WriteArray"/>, into <paramref name="existing"/> when the length matches.</summary>
    public virtual T[] ReadArray(CheckpointReader reader, T[]? existing)
    {
        int count = reader.BeginSequence();
        var array = existing is not null && existing.Length == count ? existing : new T[count];
        for (int i = 0; i < count; i++) array[i] = Read(reader, array[i]);
        return array;
    }
}
