using System.Collections;
using CheckpointGen.Format;
using CheckpointGen.Generators.Tests.Harness;
using CheckpointGen.Inspection;

namespace CheckpointGen.Generators.Tests;

/// <summary>
/// Sets, queues, stacks, linked lists and the immutable sequences of a [Checkpointable] struct
/// (record columns) or of a sealed [Checkpointable] class (object columns), compiled with the
/// generator: order (a stack's top first), duplicates, nulls, empties, shared objects and the
/// comparers of existing sets survive, and files holding the older per-element sequences still restore.
/// </summary>
public class SequenceColumnsRoundTripTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.Linq;
        using CheckpointGen;
        using CheckpointGen.Reading;
        using CheckpointGen.Writing;
        namespace Seqs;

        """;

    private const string Struct = """
        [Checkpointable]
        public partial record struct P(int Id, string Tag) : IComparable<P>
        {
            public static P Make(int id) => new(id, "p" + id);
            public int CompareTo(P other) => Id.CompareTo(other.Id);
            public static Func<P, string> Shower() => p => $"{p.Id}{p.Tag}";
        }

        """;

    private const string SealedClass = """
        [Checkpointable]
        public sealed partial class N : IComparable<N>
        {
            public int Id;
            public string Tag = "";
            public static N Make(int id) => new() { Id = id, Tag = "n" + id };
            public int CompareTo(N? other) => Id.CompareTo(other!.Id);
            /// <summary>Numbers each distinct object when first met (#k=value), later meetings as #k.</summary>
            public static Func<N, string> Shower()
            {
                var seen = new Dictionary<N, int>(ReferenceEqualityComparer.Instance);
                return n => seen.TryGetValue(n, out int k) ? "#" + k : $"#{seen[n] = seen.Count}={n.Id}{n.Tag}";
            }
        }

        """;

    // The owner, for E = P (OWNER = Structs) or E = N (OWNER = Objects).
    private const string Owner = """
        [Checkpointable]
        public partial class OWNER
        {
            public HashSet<ELEM> Hash = new();
            public SortedSet<ELEM> Sorted = new();
            public Queue<ELEM> Queue = new();
            public Stack<ELEM> Stack = new();
            public LinkedList<ELEM> Linked = new();
            public ImmutableList<ELEM> IList = ImmutableList<ELEM>.Empty;
            public ImmutableHashSet<ELEM> IHash = ImmutableHashSet<ELEM>.Empty;
            public ImmutableSortedSet<ELEM> ISorted = ImmutableSortedSet<ELEM>.Empty;
            public ImmutableQueue<ELEM> IQueue = ImmutableQueue<ELEM>.Empty;
            public ImmutableStack<ELEM> IStack = ImmutableStack<ELEM>.Empty;
            public List<ELEM> Shared = new();

            /// <summary>Duplicates where the collection allows them; every element also in Shared.</summary>
            public static OWNER Filled()
            {
                ELEM a = ELEM.Make(1), b = ELEM.Make(2), c = ELEM.Make(3), d = ELEM.Make(4);
                return new()
                {
                    Hash = [b, a],
                    Sorted = [c, a],
                    Queue = new(new[] { b, a, b }),
                    Stack = new(new[] { a, b, c, b }),
                    Linked = new(new[] { d, a, d }),
                    IList = ImmutableList.Create(c, c, a),
                    IHash = ImmutableHashSet.Create(d, b),
                    ISorted = ImmutableSortedSet.Create(d, b),
                    IQueue = ImmutableQueue.Create(a, d, a),
                    IStack = ImmutableStack<ELEM>.Empty.Push(a).Push(c).Push(a).Push(d),
                    Shared = [c, a, d, b],
                };
            }

            public static OWNER Empty() => new();

            public static OWNER Null() => new()
            {
                Hash = null!, Sorted = null!, Queue = null!, Stack = null!, Linked = null!, IList = null!,
                IHash = null!, ISorted = null!, IQueue = null!, IStack = null!, Shared = null!,
            };

            /// <summary>Every collection in enumeration order (hash sets by Id), a stack top first.</summary>
            public string Describe()
            {
                var show = ELEM.Shower();
                string All(IEnumerable<ELEM>? items) => items is null ? "null" : "[" + string.Join(" ", items.Select(show)) + "]";
                return string.Join(" | ", All(Hash?.OrderBy(e => e.Id)), All(Sorted), All(Queue), All(Stack), All(Linked), All(IList),
                    All(IHash?.OrderBy(e => e.Id)), All(ISorted), All(IQueue), All(IStack), All(Shared));
            }

            /// <summary>Sets with comparers of their own (a descending order for the sorted ones), holding an element the file does not.</summary>
            public void UseOwnComparers()
            {
                Hash = new(Same<ELEM>.Instance) { ELEM.Make(9) };
                Sorted = new(Descending<ELEM>.Instance) { ELEM.Make(9) };
                IHash = ImmutableHashSet.Create(Same<ELEM>.Instance, ELEM.Make(9));
                ISorted = ImmutableSortedSet.Create(Descending<ELEM>.Instance, ELEM.Make(9));
            }

            public bool KeepsOwnComparers() =>
                Hash.Comparer == Same<ELEM>.Instance && Sorted.Comparer == Descending<ELEM>.Instance &&
                IHash.KeyComparer == Same<ELEM>.Instance && ISorted.KeyComparer == Descending<ELEM>.Instance;

            public string SortedIds() => string.Join(",", Sorted.Select(e => e.Id)) + "|" + string.Join(",", ISorted.Select(e => e.Id));

            /// <summary>The mutable collections, to check they are restored in place.</summary>
            public object[] Mutable() => [Hash, Sorted, Queue, Stack, Linked, Shared];
        }

        """;

    private const string Comparers = """
        public sealed class Same<T> : IEqualityComparer<T>
        {
            public static readonly Same<T> Instance = new();
            public bool Equals(T? x, T? y) => EqualityComparer<T>.Default.Equals(x, y);
            public int GetHashCode(T value) => EqualityComparer<T>.Default.GetHashCode(value!);
        }
        public sealed class Descending<T> : IComparer<T> where T : IComparable<T>
        {
            public static readonly Descending<T> Instance = new();
            public int Compare(T? x, T? y) => y!.CompareTo(x!);
        }

        """;

    private static string OwnerOf(string element, string owner) => Owner.Replace("OWNER", owner).Replace("ELEM", element);

    /// <summary>The source with <paramref name="old"/> replaced, which must be there.</summary>
    private static string Replaced(string source, string old, string replacement)
    {
        if (!source.Contains(old, StringComparison.Ordinal)) throw new ArgumentException($"'{old}' is not in the source");
        return source.Replace(old, replacement, StringComparison.Ordinal);
    }

    private static readonly string Source = Usings + Struct + SealedClass + Comparers + OwnerOf("P", "Structs") + OwnerOf("N", "Objects");

    /// <summary>
    /// What the generator wrote for these members before they were columns: a sequence of records per
    /// collection (here by hand, as the generator no longer emits it for a [Checkpointable] struct).
    /// </summary>
    private static readonly string StructsAsRecordSequences = Replaced(Source, "[Checkpointable]\npublic partial class Structs", "public partial class Structs : ICheckpointable") + """
        public partial class Structs
        {
            void ICheckpointable.WriteCheckpoint(CheckpointWriter writer)
            {
                Write(writer, "Hash", Hash); Write(writer, "Sorted", Sorted); Write(writer, "Queue", Queue); Write(writer, "Stack", Stack);
                Write(writer, "Linked", Linked); Write(writer, "IList", IList); Write(writer, "IHash", IHash); Write(writer, "ISorted", ISorted);
                Write(writer, "IQueue", IQueue); Write(writer, "IStack", IStack); Write(writer, "Shared", Shared);
            }

            void ICheckpointable.ReadCheckpoint(CheckpointReader reader) => throw new NotSupportedException();

            private static void Write(CheckpointWriter writer, string key, IEnumerable<P>? items)
            {
                writer.BeginMember(key);
                if (items is null) writer.WriteNull();
                else
                {
                    var all = items.ToArray();
                    writer.BeginSequence(all.Length);
                    foreach (var item in all) writer.WriteRecord(item);
                }
                writer.EndMember();
            }
        }
        """;

    /// <summary>The class with a [Checkpointable] base, so without object columns: the generator writes its collections as sequences of object references.</summary>
    private static readonly string ObjectsWithoutColumns = Replaced(Source, "public sealed partial class N :", "public partial class NBase { } [Checkpointable] public sealed partial class N : NBase,");

    private static readonly string[] Keys = ["Hash", "Sorted", "Queue", "Stack", "Linked", "IList", "IHash", "ISorted", "IQueue", "IStack", "Shared"];

    private const string FilledStructs =
        "[1p1 2p2] | [1p1 3p3] | [2p2 1p1 2p2] | [2p2 3p3 2p2 1p1] | [4p4 1p1 4p4] | [3p3 3p3 1p1] | [2p2 4p4] | [2p2 4p4] | [1p1 4p4 1p1] | [4p4 1p1 3p3 1p1] | [3p3 1p1 4p4 2p2]";

    // #k: the k-th distinct object; every later #k is the same instance.
    private const string FilledObjects =
        "[#0=1n1 #1=2n2] | [#0 #2=3n3] | [#1 #0 #1] | [#1 #2 #1 #0] | [#3=4n4 #0 #3] | [#2 #2 #0] | [#1 #3] | [#1 #3] | [#0 #3 #0] | [#3 #0 #2 #0] | [#2 #0 #3 #1]";

    private const string AllEmpty = "[] | [] | [] | [] | [] | [] | [] | [] | [] | [] | []";
    private const string AllNull = "null | null | null | null | null | null | null | null | null | null | null";

    public static TheoryData<string, string, string> Samples => new()
    {
        { "Structs", "Filled", FilledStructs },
        { "Objects", "Filled", FilledObjects },
        { "Structs", "Empty", AllEmpty },
        { "Objects", "Empty", AllEmpty },
        { "Structs", "Null", AllNull },
        { "Objects", "Null", AllNull },
    };

    private static MemoryStream Save(object root)
    {
        var stream = new MemoryStream();
        Checkpoint.Save(root, stream);
        stream.Position = 0;
        return stream;
    }

    private static (RestoreReport Report, object Restored) Restore(CompiledAssembly code, string owner, MemoryStream file, Func<object>? existing = null)
    {
        var restored = existing?.Invoke() ?? code.Create("Seqs." + owner);
        file.Position = 0;
        return (Checkpoint.Restore(restored, file), restored);
    }

    private static object Sample(CompiledAssembly code, string owner, string sample) => code.Call("Seqs." + owner, sample)!;

    private static T Call<T>(object target, string method) => (T)target.GetType().GetMethod(method)!.Invoke(target, null)!;

    private static string Describe(object owner) => Call<string>(owner, "Describe");

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sequence_collection_round_trips_in_order_with_duplicates_and_shared_objects(string owner, string sample, string expected)
    {
        using var code = new CompiledAssembly("Seqs", Source);
        var saved = Sample(code, owner, sample);
        using var file = Save(saved);

        // Restored into a fresh owner (empty collections) and into a filled one (to be cleared or nulled).
        var (report, restored) = Restore(code, owner, file);
        var (_, overFilled) = Restore(code, owner, file, () => Sample(code, owner, "Filled"));

        Assert.Equal(expected, Describe(saved));
        Assert.Equal(expected, Describe(restored));
        Assert.Equal(expected, Describe(overFilled));
        Assert.True(report.IsExact);
    }

    [Theory]
    [InlineData("Structs", ValueTag.RecordColumns)]
    [InlineData("Objects", ValueTag.ObjectColumns)]
    public void The_collections_are_stored_as_columns(string owner, ValueTag columns)
    {
        using var code = new CompiledAssembly("Seqs", Source);
        using var filled = Save(Sample(code, owner, "Filled"));
        using var empty = Save(Sample(code, owner, "Empty"));
        using var none = Save(Sample(code, owner, "Null"));

        ValueTag[] KindsIn(Stream file) => CheckpointInspector.Inspect(file).Components[0].Members.Where(m => Keys.Contains(m.Key)).Select(m => m.Kind).ToArray();

        Assert.Equal(Enumerable.Repeat(columns, Keys.Length), KindsIn(filled));
        Assert.Equal(Enumerable.Repeat(columns, Keys.Length), KindsIn(empty));
        Assert.Equal(Enumerable.Repeat(ValueTag.Null, Keys.Length), KindsIn(none));
    }

    [Fact]
    public void Each_object_is_written_once_however_many_collections_hold_it()
    {
        using var code = new CompiledAssembly("Seqs", Source);
        using var file = Save(Sample(code, "Objects", "Filled"));

        var description = CheckpointInspector.Inspect(file);

        // The root and the four objects: repeats and the other collections refer to the rows of the first.
        Assert.Equal(5, description.Components.Count);
        Assert.All(description.Components.Skip(1), c => Assert.Equal("Seqs.N", c.TypeName));
    }

    [Theory]
    [InlineData("Structs")]
    [InlineData("Objects")]
    public void Existing_collections_are_refilled_in_place_and_sets_keep_their_comparers(string owner)
    {
        using var code = new CompiledAssembly("Seqs", Source);
        using var file = Save(Sample(code, owner, "Filled"));
        object[] before = [];

        var (_, restored) = Restore(code, owner, file, () =>
        {
            var existing = code.Create("Seqs." + owner);
            existing.GetType().GetMethod("UseOwnComparers")!.Invoke(existing, null);
            before = Call<object[]>(existing, "Mutable");
            return existing;
        });

        Assert.Equal(before, Call<object[]>(restored, "Mutable"), ReferenceEqualityComparer.Instance);
        Assert.True(Call<bool>(restored, "KeepsOwnComparers"));
        // The file's elements only (9 is gone), in the existing comparers' descending order.
        Assert.Equal("3,1|4,2", Call<string>(restored, "SortedIds"));
    }

    [Theory]
    [InlineData("Structs", "Filled", FilledStructs)]
    [InlineData("Structs", "Empty", AllEmpty)]
    [InlineData("Structs", "Null", AllNull)]
    public void A_file_with_sequences_of_records_restores_into_code_that_writes_record_columns(string owner, string sample, string expected)
    {
        using var old = new CompiledAssembly("Seqs.Old", StructsAsRecordSequences);
        using var code = new CompiledAssembly("Seqs", Source);
        using var file = Save(Sample(old, owner, sample));
        Assert.All(CheckpointInspector.Inspect(file).Components[0].Members, m => Assert.Contains(m.Kind, new[] { ValueTag.Sequence, ValueTag.Null }));

        var (report, restored) = Restore(code, owner, file, () => Sample(code, owner, "Filled"));

        Assert.Equal(expected, Describe(restored));
        Assert.True(report.IsExact);
    }

    [Theory]
    [InlineData("Objects", "Filled", FilledObjects)]
    [InlineData("Objects", "Empty", AllEmpty)]
    public void A_file_with_sequences_of_object_references_restores_into_code_that_writes_object_columns(string owner, string sample, string expected)
    {
        using var old = new CompiledAssembly("Seqs.Old", ObjectsWithoutColumns);
        using var code = new CompiledAssembly("Seqs", Source);
        using var file = Save(Sample(old, owner, sample));
        var members = CheckpointInspector.Inspect(file).Components[0].Members.Where(m => Keys.Contains(m.Key));
        Assert.All(members, m => Assert.Equal(ValueTag.Sequence, m.Kind));

        var (report, restored) = Restore(code, owner, file, () => Sample(code, owner, "Filled"));

        Assert.Equal(expected, Describe(restored));
        Assert.True(report.IsExact);
    }

    [Fact]
    public void A_file_with_object_columns_restores_into_code_that_reads_sequences_of_objects()
    {
        using var code = new CompiledAssembly("Seqs", Source);
        using var old = new CompiledAssembly("Seqs.Old", ObjectsWithoutColumns);
        using var file = Save(Sample(code, "Objects", "Filled"));

        var (report, restored) = Restore(old, "Objects", file);

        Assert.Equal(FilledObjects, Describe(restored));
        Assert.True(report.IsExact);
    }

    [Fact]
    public void A_set_of_nullable_objects_stays_a_sequence_of_objects()
    {
        string source = Usings + SealedClass + """
            [Checkpointable]
            public partial class Maybe
            {
                public HashSet<N?> Items = new();
                public static Maybe Create() => new() { Items = [N.Make(1), null, N.Make(2)] };
                public string Describe() => string.Join(",", Items.Select(n => n?.Tag ?? "null").Order());
            }
            """;
        using var code = new CompiledAssembly("Seqs", source);
        var saved = code.Call("Seqs.Maybe", "Create")!;
        using var file = Save(saved);

        var (_, restored) = Restore(code, "Maybe", file);

        Assert.Equal(ValueTag.Sequence, CheckpointInspector.Inspect(file).Components[0].Members.Single(m => m.Key == "Items").Kind);
        Assert.Equal("n1,n2,null", Call<string>(restored, "Describe"));
    }
}
