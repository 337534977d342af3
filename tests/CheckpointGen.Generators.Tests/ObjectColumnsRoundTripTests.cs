using System.Collections;
using CheckpointGen.Format;
using CheckpointGen.Generators.Tests.Harness;
using CheckpointGen.Inspection;

namespace CheckpointGen.Generators.Tests;

/// <summary>
/// Lists, arrays and immutable arrays of a sealed [Checkpointable] class, compiled with the generator
/// and saved column by column (ObjectColumns): values, nulls, shared objects and cycles survive,
/// every object is restored once (whichever place the reader meets it first), and existing elements
/// are restored into.
/// </summary>
public class ObjectColumnsRoundTripTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.Linq;
        using CheckpointGen;
        namespace Rows;
        public enum Kind : short { Image, Text }
        [Checkpointable]
        public sealed partial class Item
        {
            public int Id;
            public Kind Kind;
            public string Name = "";
            public float[] Values = [];
            public List<int> Tags = new();
            public Item? Next;
            private readonly long _seed;
            public double Weight { get; init; }
            [CheckpointIgnore] public int RestoredCalls;
            [CheckpointIgnore] public string SeenByStructureHook = "";
            public Item() { }
            public Item(int id) { Id = id; _seed = id * 11; Name = "n" + id; Kind = (Kind)(id % 2); Values = [id, id + 0.5f]; Tags = [id, -id]; Weight = id / 4.0; }
            partial void OnCheckpointStructureRestored() => SeenByStructureHook = Name;
            partial void OnCheckpointRestored() => RestoredCalls++;
            public override string ToString() => $"{Id}:{Kind}:{Name}:[{string.Join(",", Values)}]:[{string.Join(",", Tags)}]:{_seed}:{Weight}";
        }
        /// <summary>Not sealed: a component of its own, written after the store's members (the writer queues components).</summary>
        [Checkpointable]
        public partial class Holder { public Item? Favourite; }
        [Checkpointable]
        public partial class Store
        {
            public Holder? Before;
            public List<Item> Items = new();
            public Item[] Array = [];
            public ImmutableArray<Item> Frozen;
            public ImmutableArray<Item> Unset;
            public ImmutableArray<Item> EmptyFrozen = ImmutableArray<Item>.Empty;
            public List<Item>? Missing = new();
            public List<Item> Empty = new();
            public Item[] EmptyArray = [new Item(99)];
            public Item? After;
            public Dictionary<string, List<Item>> ByName = new();
        }
        public static class Samples
        {
            /// <summary>a twice and a null in Items; b also in Array and (read first) in Before; c a self-cycle, also in Frozen and After.</summary>
            public static Store Create()
            {
                Item a = new(1), b = new(2), c = new(3), d = new(4);
                a.Next = b;
                c.Next = c;
                return new Store
                {
                    Before = new Holder { Favourite = b },
                    Items = [a, b, null!, a, c],
                    Array = [d, b],
                    Frozen = [c, d],
                    Missing = null,
                    EmptyArray = [],
                    After = c,
                    ByName = { ["x"] = [d, new Item(5)], ["none"] = [] },
                };
            }

            /// <summary>Three distinct items in Items, two in Array.</summary>
            public static Store Distinct() => new() { Items = [new(1), new(2), new(3)], Array = [new(4), new(5)] };

            /// <summary>The store's items in member order, each distinct object numbered when first met (#n=values->next), later meetings as #n.</summary>
            public static string Describe(Store store)
            {
                var numbers = new Dictionary<Item, int>();
                string D(Item? item)
                {
                    if (item is null) return "null";
                    if (numbers.TryGetValue(item, out int known)) return "#" + known;
                    int n = numbers[item] = numbers.Count;
                    return $"#{n}={item}->{D(item.Next)}";
                }
                string All(IEnumerable<Item>? items) => items is null ? "null" : "[" + string.Join(" ", items.Select(D)) + "]";
                return string.Join(" | ",
                    D(store.Before?.Favourite), All(store.Items), All(store.Array), All(store.Frozen.IsDefault ? null : store.Frozen),
                    All(store.Unset.IsDefault ? null : store.Unset), All(store.EmptyFrozen.IsDefault ? null : store.EmptyFrozen), All(store.Missing), All(store.Empty), All(store.EmptyArray), D(store.After),
                    string.Join(";", store.ByName.OrderBy(e => e.Key).Select(e => e.Key + "=" + All(e.Value))));
            }

            /// <summary>For every distinct item (Describe's order): how often OnCheckpointRestored ran and the name OnCheckpointStructureRestored saw.</summary>
            public static string Hooks(Store store)
            {
                var seen = new List<Item>();
                void Visit(Item? item) { if (item is not null && !seen.Contains(item)) { seen.Add(item); Visit(item.Next); } }
                Visit(store.Before?.Favourite);
                foreach (var item in store.Items.Concat(store.Array).Concat(store.Frozen).Append(store.After!).Concat(store.ByName.OrderBy(e => e.Key).SelectMany(e => e.Value))) Visit(item);
                return string.Join(",", seen.Select(i => $"{i.Id}:{i.RestoredCalls}:{i.SeenByStructureHook}"));
            }

            public static List<Item> NewItems(int count) => Enumerable.Range(0, count).Select(_ => new Item { Id = -1 }).ToList();

            public static Item[] NewArray(int count) => NewItems(count).ToArray();
        }
        """;

    private static MemoryStream Save(object root)
    {
        var stream = new MemoryStream();
        Checkpoint.Save(root, stream);
        stream.Position = 0;
        return stream;
    }

    private static object Restore(CompiledAssembly code, MemoryStream file, Action<object>? prepare = null)
    {
        var restored = code.Create("Rows.Store");
        prepare?.Invoke(restored);
        file.Position = 0;
        Checkpoint.Restore(restored, file);
        return restored;
    }

    private static string Describe(CompiledAssembly code, object store) => (string)code.Call("Rows.Samples", "Describe", store)!;

    private static IList Items(object store) => (IList)CompiledAssembly.Get(store, "Items")!;

    [Fact]
    public void Lists_arrays_and_immutable_arrays_round_trip_with_nulls_duplicates_shared_objects_and_cycles()
    {
        using var code = new CompiledAssembly("Rows", Source);
        var saved = code.Call("Rows.Samples", "Create")!;
        using var file = Save(saved);

        var restored = Restore(code, file);

        Assert.Equal(
            "#0=2:Image:n2:[2,2.5]:[2,-2]:22:0.5->null" +
            " | [#1=1:Text:n1:[1,1.5]:[1,-1]:11:0.25->#0 #0 null #1 #2=3:Text:n3:[3,3.5]:[3,-3]:33:0.75->#2]" +
            " | [#3=4:Image:n4:[4,4.5]:[4,-4]:44:1->null #0] | [#2 #3] | null | [] | null | [] | [] | #2" +
            " | none=[];x=[#3 #4=5:Text:n5:[5,5.5]:[5,-5]:55:1.25->null]",
            Describe(code, restored));
        Assert.Equal(Describe(code, saved), Describe(code, restored));
    }

    [Fact]
    public void The_collections_are_stored_as_object_columns()
    {
        using var code = new CompiledAssembly("Rows", Source);
        using var file = Save(code.Call("Rows.Samples", "Create")!);

        var root = CheckpointInspector.Inspect(file).Components[0];

        var kinds = root.Members.ToDictionary(m => m.Key, m => m.Kind);
        Assert.Equal(ValueTag.ObjectColumns, kinds["Items"]);
        Assert.Equal(ValueTag.ObjectColumns, kinds["Array"]);
        Assert.Equal(ValueTag.ObjectColumns, kinds["Frozen"]);
        Assert.Equal(ValueTag.ObjectColumns, kinds["EmptyArray"]);
        Assert.Equal(ValueTag.Null, kinds["Missing"]);
        Assert.Equal(ValueTag.Null, kinds["Unset"]);
        Assert.Equal(ValueTag.ObjectColumns, kinds["EmptyFrozen"]);
    }

    [Fact]
    public void Every_object_is_restored_once_with_its_hooks_wherever_the_reader_meets_it_first()
    {
        using var code = new CompiledAssembly("Rows", Source);
        using var file = Save(code.Call("Rows.Samples", "Create")!);

        var restored = Restore(code, file);

        // Item 2 is a row of Items but first met through Before (read before Items); item 3 is met again
        // through its own Next, Frozen and After; item 1 twice in Items. The structure hook saw the restored name.
        Assert.Equal("2:1:n2,1:1:n1,3:1:n3,4:1:n4,5:1:n5", code.Call("Rows.Samples", "Hooks", restored));
        var before = CompiledAssembly.Get(CompiledAssembly.Get(restored, "Before")!, "Favourite");
        Assert.Same(Items(restored)[1], before);
        Assert.Same(((Array)CompiledAssembly.Get(restored, "Array")!).GetValue(1), before);
        Assert.Same(Items(restored)[4], CompiledAssembly.Get(restored, "After"));
    }

    [Fact]
    public void Restoring_into_existing_elements_keeps_the_instances_and_trims_or_extends_the_list()
    {
        using var code = new CompiledAssembly("Rows", Source);
        using var file = Save(code.Call("Rows.Samples", "Distinct")!);
        object[] shorter = [], longer = [], arrayElements = [];
        Array? array = null;

        var restoredShorter = Restore(code, file, store =>
        {
            CompiledAssembly.Set(store, "Items", code.Call("Rows.Samples", "NewItems", 2));
            shorter = Items(store).Cast<object>().ToArray();
            array = (Array)code.Call("Rows.Samples", "NewArray", 2)!;
            CompiledAssembly.Set(store, "Array", array);
            arrayElements = array.Cast<object>().ToArray();
        });
        var restoredLonger = Restore(code, file, store =>
        {
            CompiledAssembly.Set(store, "Items", code.Call("Rows.Samples", "NewItems", 5));
            longer = Items(store).Cast<object>().ToArray();
        });

        string expected = Describe(code, code.Call("Rows.Samples", "Distinct")!);
        Assert.Equal(expected, Describe(code, restoredShorter));
        Assert.Equal(expected, Describe(code, restoredLonger));
        Assert.Equal(3, Items(restoredShorter).Count);
        Assert.Same(shorter[0], Items(restoredShorter)[0]);
        Assert.Same(shorter[1], Items(restoredShorter)[1]);
        Assert.DoesNotContain(Items(restoredShorter)[2], shorter);
        Assert.Equal(longer.Take(3), Items(restoredLonger).Cast<object>());
        // An array of the saved length is reused, its elements restored in place.
        Assert.Same(array, CompiledAssembly.Get(restoredShorter, "Array"));
        Assert.Equal(arrayElements, ((Array)CompiledAssembly.Get(restoredShorter, "Array")!).Cast<object>());
    }

    private const string Layouts = """
        using System.Collections.Generic;
        using System.Linq;
        using CheckpointGen;
        namespace Layouts;
        [Checkpointable] public partial class Open { public int A; }
        [Checkpointable] public partial class Base { public int A; }
        [Checkpointable] public sealed partial class Derived : Base { public int B; }
        [Checkpointable] public sealed partial class Row { public int A; }
        [Checkpointable]
        public partial class Owner
        {
            public List<Open> Opens = new();
            public List<Derived> Deriveds = new();
            public List<Row?> Nullables = new();
            public List<Row> Rows = new();
            public static Owner Create() => new()
            {
                Opens = [new() { A = 1 }, new() { A = 2 }],
                Deriveds = [new() { A = 3, B = 4 }],
                Nullables = [new() { A = 5 }, null],
                Rows = [new() { A = 6 }, new() { A = 7 }],
            };
            public string Describe() => string.Join(",", Opens.Select(o => o.A)) + "|" + string.Join(",", Deriveds.Select(d => d.A + ":" + d.B)) + "|" +
                string.Join(",", Nullables.Select(n => n?.A.ToString() ?? "null")) + "|" + string.Join(",", Rows.Select(r => r.A));
        }
        """;

    [Fact]
    public void A_class_with_a_checkpointable_base_or_held_as_nullable_stays_one_component_per_object_while_an_unsealed_root_class_gets_columns()
    {
        using var code = new CompiledAssembly("Layouts", Layouts);
        var saved = code.Call("Layouts.Owner", "Create")!;
        using var file = Save(saved);

        var description = CheckpointInspector.Inspect(file);
        var restored = code.Create("Layouts.Owner");
        file.Position = 0;
        Checkpoint.Restore(restored, file);

        var members = description.Components[0].Members.ToDictionary(m => m.Key);
        Assert.Equal(ValueTag.ObjectColumns, members["Opens"].Kind);
        Assert.Equal(ValueTag.Sequence, members["Deriveds"].Kind);
        Assert.Equal(ValueTag.Sequence, members["Nullables"].Kind);
        Assert.Equal(ValueTag.ObjectColumns, members["Rows"].Kind);
        // A sequence refers to each object's own component; the rows of a group are components too.
        string TypeOf(int id) => description.Components[id].TypeName;
        Assert.Equal(["Layouts.Open", "Layouts.Open"], members["Opens"].ObjectRefs.Select(TypeOf));
        Assert.Equal(["Layouts.Derived"], members["Deriveds"].ObjectRefs.Select(TypeOf));
        Assert.Equal(["Layouts.Row"], members["Nullables"].ObjectRefs.Select(TypeOf));
        Assert.Equal("1,2|3:4|5,null|6,7", restored.GetType().GetMethod("Describe")!.Invoke(restored, null));
    }

    [Fact]
    public void Only_a_root_class_gets_the_rows_interface_in_its_generated_code_sealed_or_not()
    {
        var (_, generated) = TestCompilation.Run(TestCompilation.Create(Layouts));

        string Of(string type) => generated.Single(g => g.HintName == $"Layouts.{type}.Checkpoint.g.cs").SourceText.ToString();
        Assert.Contains("ICheckpointableRows<global::Layouts.Row>", Of("Row"));
        Assert.Contains("ICheckpointableRows<global::Layouts.Open>", Of("Open"));
        Assert.Contains("ICheckpointableRows<global::Layouts.Base>", Of("Base"));
        Assert.DoesNotContain("ICheckpointableRows", Of("Derived"));
        // The owner's own members (its columns repeat them, the owner being a root class too).
        string owner = Of("Owner");
        owner = owner[owner.IndexOf("void WriteCheckpointMembers(", StringComparison.Ordinal)..owner.IndexOf("WriteColumns(", StringComparison.Ordinal)];
        Assert.Contains("writer.WriteObjectColumns<global::Layouts.Row>(", owner);
        Assert.Contains("reader.ReadObjectList<global::Layouts.Open>(", owner);
        Assert.Equal(2, owner.Split("WriteObjectColumns").Length - 1);
        Assert.Equal(2, owner.Split("ReadObjectList").Length - 1);
    }
}
