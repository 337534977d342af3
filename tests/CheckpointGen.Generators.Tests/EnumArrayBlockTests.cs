using CheckpointGen.Format;
using CheckpointGen.Generators.Tests.Harness;
using CheckpointGen.Inspection;

namespace CheckpointGen.Generators.Tests;

/// <summary>
/// Arrays of enums of every underlying type, compiled with the generator: passed to the writer as
/// arrays of the underlying type (the CLR allows the cast), so those of 1 KiB or more are blocks;
/// restored into an existing array of the same length, else into a new array of the enum type; files
/// holding the older inline layout of a large array still restore.
/// </summary>
public class EnumArrayBlockTests
{
    private const string Source = """
        using System;
        using System.Linq;
        using CheckpointGen;
        using CheckpointGen.Reading;
        using CheckpointGen.Writing;
        namespace Enums;
        public enum E8 : byte { Low, High = 200 }
        public enum ES8 : sbyte { Low = -100, High = 100 }
        public enum E16 : short { Low = -30000, High = 30000 }
        public enum EU16 : ushort { Low, High = 60000 }
        public enum E32 { Low = -2_000_000_000, High = 2_000_000_000 }
        public enum EU32 : uint { Low, High = 4_000_000_000 }
        public enum E64 : long { Low = long.MinValue, High = long.MaxValue }
        public enum EU64 : ulong { Low, High = ulong.MaxValue }
        [Checkpointable]
        public partial class Arrays
        {
            public E8[] Byte = [];
            public ES8[] SByte = [];
            public E16[] Int16 = [];
            public EU16[] UInt16 = [];
            public E32[] Int32 = [];
            public EU32[] UInt32 = [];
            public E64[] Int64 = [];
            public EU64[] UInt64 = [];
            public E32[]? Missing = [E32.High];

            /// <summary>Arrays of <paramref name="length"/> elements: each enum's extremes, then values that differ by element.</summary>
            public static Arrays Create(int length) => new()
            {
                Byte = Fill(length, E8.Low, E8.High, i => (E8)(i * 7)),
                SByte = Fill(length, ES8.Low, ES8.High, i => (ES8)(sbyte)(i * 5)),
                Int16 = Fill(length, E16.Low, E16.High, i => (E16)(short)(i * 301)),
                UInt16 = Fill(length, EU16.Low, EU16.High, i => (EU16)(ushort)(i * 977)),
                Int32 = Fill(length, E32.Low, E32.High, i => (E32)(i * -65_537)),
                UInt32 = Fill(length, EU32.Low, EU32.High, i => (EU32)(uint)(i * 1_000_003)),
                Int64 = Fill(length, E64.Low, E64.High, i => (E64)(i * -3_000_000_017L)),
                UInt64 = Fill(length, EU64.Low, EU64.High, i => (EU64)(ulong)(i * 9_000_000_000_000_011L)),
                Missing = null,
            };

            private static T[] Fill<T>(int length, T low, T high, Func<int, T> value) =>
                Enumerable.Range(0, length).Select(i => i == 0 ? low : i == 1 ? high : value(i)).ToArray();

            /// <summary>Every array, for comparing and for checking instances.</summary>
            public Array?[] All() => [Byte, SByte, Int16, UInt16, Int32, UInt32, Int64, UInt64, Missing];
        }
        """;

    // What the generator emitted for these members before: the array as a span, always inline in the manifest.
    private const string InlineWriter = """
        public partial class Arrays : ICheckpointable
        {
            void ICheckpointable.WriteCheckpoint(CheckpointWriter writer)
            {
                Write<E8, byte>(writer, "Byte", Byte); Write<ES8, sbyte>(writer, "SByte", SByte);
                Write<E16, short>(writer, "Int16", Int16); Write<EU16, ushort>(writer, "UInt16", UInt16);
                Write<E32, int>(writer, "Int32", Int32); Write<EU32, uint>(writer, "UInt32", UInt32);
                Write<E64, long>(writer, "Int64", Int64); Write<EU64, ulong>(writer, "UInt64", UInt64);
                Write<E32, int>(writer, "Missing", Missing);
            }

            void ICheckpointable.ReadCheckpoint(CheckpointReader reader) => throw new NotSupportedException();

            private static void Write<TEnum, TUnderlying>(CheckpointWriter writer, string key, TEnum[]? values) where TEnum : unmanaged where TUnderlying : unmanaged
            {
                writer.BeginMember(key);
                if (values is null) writer.WriteNull();
                else writer.WritePrimitiveArray<TUnderlying>(System.Runtime.InteropServices.MemoryMarshal.Cast<TEnum, TUnderlying>(new ReadOnlySpan<TEnum>(values)));
                writer.EndMember();
            }
        }
        """;

    private static readonly string[] Keys = ["Byte", "SByte", "Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64"];

    private static MemoryStream Save(object root)
    {
        var stream = new MemoryStream();
        Checkpoint.Save(root, stream);
        stream.Position = 0;
        return stream;
    }

    private static Array?[] ArraysOf(object owner) => (Array?[])owner.GetType().GetMethod("All")!.Invoke(owner, null)!;

    private static object Create(CompiledAssembly code, int length) => code.Call("Enums.Arrays", "Create", length)!;

    private static object Restore(object into, MemoryStream file)
    {
        file.Position = 0;
        Assert.True(Checkpoint.Restore(into, file).IsExact);
        return into;
    }

    /// <summary>Same runtime type (the enum's array, not its underlying type's) and the same elements, for every array.</summary>
    private static void AssertSameArrays(object expected, object actual)
    {
        var want = ArraysOf(expected);
        var got = ArraysOf(actual);
        for (int i = 0; i < want.Length; i++)
        {
            if (want[i] is null) { Assert.Null(got[i]); continue; }
            Assert.NotNull(got[i]);
            Assert.Equal(want[i]!.GetType(), got[i]!.GetType());
            Assert.Equal(want[i]!.Cast<object>(), got[i]!.Cast<object>());
        }
    }

    private static ValueTag[] KindsIn(MemoryStream file) =>
        CheckpointInspector.Inspect(file).Components[0].Members.Where(m => Keys.Contains(m.Key)).Select(m => m.Kind).ToArray();

    [Theory]
    [InlineData(0, ValueTag.PrimitiveArray)]
    [InlineData(100, ValueTag.PrimitiveArray)] // 100 B to 800 B: inline in the manifest
    [InlineData(1500, ValueTag.BlockArray)] // 1.5 KiB to 12 KiB: blocks
    public void Enum_arrays_of_every_underlying_type_round_trip_inline_below_1_KiB_and_as_blocks_above(int length, ValueTag stored)
    {
        using var code = new CompiledAssembly("Enums", Source);
        var saved = Create(code, length);
        using var file = Save(saved);

        var restored = Restore(code.Create("Enums.Arrays"), file);

        Assert.Equal(Enumerable.Repeat(stored, Keys.Length), KindsIn(file));
        AssertSameArrays(saved, restored);
    }

    [Fact]
    public void The_block_threshold_is_1_KiB_whatever_the_underlying_type()
    {
        using var code = new CompiledAssembly("Enums", Source);
        // 128 elements: 128 B for byte and sbyte, 256 B for short, 512 B for int, 1 KiB for long.
        using var file = Save(Create(code, 128));

        Assert.Equal(
            [ValueTag.PrimitiveArray, ValueTag.PrimitiveArray, ValueTag.PrimitiveArray, ValueTag.PrimitiveArray, ValueTag.PrimitiveArray, ValueTag.PrimitiveArray, ValueTag.BlockArray, ValueTag.BlockArray],
            KindsIn(file));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(1500)]
    public void An_existing_array_of_the_saved_length_is_restored_into_and_kept(int length)
    {
        using var code = new CompiledAssembly("Enums", Source);
        var saved = Create(code, length);
        using var file = Save(saved);
        var existing = Create(code, length);
        foreach (var array in ArraysOf(existing)) if (array is not null) Array.Clear(array);
        var before = ArraysOf(existing);

        var restored = Restore(existing, file);

        Assert.Equal(before.Take(Keys.Length), ArraysOf(restored).Take(Keys.Length), ReferenceEqualityComparer.Instance);
        AssertSameArrays(saved, restored);
    }

    [Theory]
    [InlineData(100, 99)]
    [InlineData(1500, 1501)]
    public void An_existing_array_of_another_length_is_replaced_by_an_array_of_the_enum_type(int length, int existingLength)
    {
        using var code = new CompiledAssembly("Enums", Source);
        var saved = Create(code, length);
        using var file = Save(saved);
        var existing = Create(code, existingLength);
        var before = ArraysOf(existing);

        var restored = Restore(existing, file);

        var after = ArraysOf(restored);
        for (int i = 0; i < Keys.Length; i++) Assert.NotSame(before[i], after[i]);
        // Same runtime types as saved: E8[], not byte[] (GetValue and reflection see the enum).
        AssertSameArrays(saved, restored);
        Assert.IsType(saved.GetType().Assembly.GetType("Enums.E8")!, after[0]!.GetValue(1));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(1500)]
    public void A_file_with_enum_arrays_stored_inline_restores_into_code_that_writes_blocks(int length)
    {
        string inline = Source.Replace("[Checkpointable]\npublic partial class Arrays", "public partial class Arrays") + InlineWriter;
        Assert.DoesNotContain("[Checkpointable]", inline);
        using var old = new CompiledAssembly("Enums.Old", inline);
        using var code = new CompiledAssembly("Enums", Source);
        var saved = Create(old, length);
        using var file = Save(saved);
        Assert.Equal(Enumerable.Repeat(ValueTag.PrimitiveArray, Keys.Length), KindsIn(file));

        // Into arrays of another length (new arrays) and of the same length (filled in place).
        var restored = Restore(code.Create("Enums.Arrays"), file);
        var inPlace = Restore(Create(code, length), file);
        var expected = Create(code, length);

        AssertSameArrays(expected, restored);
        AssertSameArrays(expected, inPlace);
    }
}
