using CheckpointGen.Format;
using CheckpointGen.Generators.Tests.Harness;
using CheckpointGen.Inspection;

namespace CheckpointGen.Generators.Tests;

/// <summary>
/// A generic [Checkpointable] type whose type parameter is unconstrained, compiled with the generator
/// and closed over every kind of supported type: its values go through the runtime's codec of the
/// closed type (ValueCodecs), resolved without reflection or registered by the code that names it.
/// </summary>
public class GenericRoundTripTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Linq;
        using CheckpointGen;
        using TorchSharp;
        namespace Generic;
        public enum Phase : short { Warmup, Train, Eval }
        [Checkpointable]
        public partial class RunningStat<T>
        {
            public List<T> Values = new();
            public T[] Window = [];
            public T? Last;
            public Dictionary<string, T> ByName = new();
            public long Count;
            public RunningStat<T> Add(params T[] values)
            {
                foreach (var value in values) { Values.Add(value); Last = value; Count++; ByName["k" + Count] = value; }
                Window = Values.TakeLast(2).ToArray();
                return this;
            }
            public string Describe(System.Func<T, string> show) =>
                $"{Count}:[{string.Join(",", Values.Select(show))}]:[{string.Join(",", Window.Select(show))}]:{(Last is null ? "null" : show(Last))}:"
                + string.Join(",", ByName.OrderBy(e => e.Key).Select(e => e.Key + "=" + show(e.Value)));
        }
        [Checkpointable] public sealed partial class Sample { public int Id; public string Name = ""; }
        [Checkpointable] public partial class Node { public int Id; public Node? Next; }
        [Checkpointable] public partial struct Point { public double X; public long Step; }
        [Checkpointable]
        public partial class Owner
        {
            public RunningStat<double> Doubles = new();
            public RunningStat<string?> Strings = new();
            public RunningStat<Phase> Phases = new();
            public RunningStat<List<int>> Lists = new();
            public RunningStat<Sample> Samples = new();
            public RunningStat<Node> Nodes = new();
            public RunningStat<Point> Points = new();
            public RunningStat<int?> Maybe = new();
            public RunningStat<torch.Tensor> Tensors = new();
            public RunningStat<RunningStat<double>> Nested = new();
        }
        [Checkpointable] public partial class Pairs : RunningStat<(int, string)> { public int Extra; }
        public static class Build
        {
            public static Owner Create()
            {
                var shared = new Node { Id = 7 };
                shared.Next = shared;
                return new Owner
                {
                    Doubles = new RunningStat<double>().Add(0.5, 0.25, 1e300),
                    Strings = new RunningStat<string?>().Add("a", null, "c"),
                    Phases = new RunningStat<Phase>().Add(Phase.Train, Phase.Eval),
                    Lists = new RunningStat<List<int>>().Add([1, 2], [], [3]),
                    Samples = new RunningStat<Sample>().Add(new Sample { Id = 1, Name = "one" }, new Sample { Id = 2, Name = "two" }),
                    Nodes = new RunningStat<Node>().Add(shared, new Node { Id = 8, Next = shared }),
                    Points = new RunningStat<Point>().Add(new Point { X = 1.5, Step = 3 }, new Point { X = -2, Step = 4 }),
                    Maybe = new RunningStat<int?>().Add(1, null, 3),
                    Tensors = new RunningStat<torch.Tensor>().Add(torch.tensor(new float[] { 1, 2 }), torch.tensor(new long[] { 5 })),
                    Nested = new RunningStat<RunningStat<double>>().Add(new RunningStat<double>().Add(9), new RunningStat<double>()),
                };
            }

            public static string Describe(Owner o) => string.Join(" | ",
                o.Doubles.Describe(v => v.ToString("R")), o.Strings.Describe(v => v ?? "null"), o.Phases.Describe(v => v.ToString()),
                o.Lists.Describe(v => "[" + string.Join(";", v) + "]"), o.Samples.Describe(v => v.Id + v.Name),
                o.Nodes.Describe(v => v.Id + "->" + v.Next?.Id + (ReferenceEquals(v.Next, o.Nodes.Values[0]) ? "(shared)" : "")),
                o.Points.Describe(v => v.X + "@" + v.Step), o.Maybe.Describe(v => v?.ToString() ?? "null"),
                o.Tensors.Describe(v => v.dtype + string.Join(";", v.to_type(torch.ScalarType.Float64).data<double>().ToArray())),
                o.Nested.Describe(v => v.Describe(x => x.ToString("R"))));

            public static Pairs CreatePairs() { var pairs = new Pairs { Extra = 5 }; pairs.Add((1, "a"), (2, "b")); return pairs; }

            public static string DescribePairs(Pairs p) => p.Extra + ":" + p.Describe(v => v.Item1 + v.Item2);

            public static RunningStat<double> Doubles() => new RunningStat<double>().Add(1, 2, 3);

            public static string DescribeDoubles(RunningStat<double> s) => s.Describe(v => v.ToString("R"));

            public static RunningStat<HashSet<long>> Unnamed() => new RunningStat<HashSet<long>>().Add([1L]);
        }
        """;

    private static MemoryStream Save(object root)
    {
        var stream = new MemoryStream();
        Checkpoint.Save(root, stream);
        stream.Position = 0;
        return stream;
    }

    [Fact]
    public void A_generic_type_round_trips_closed_over_primitives_strings_enums_collections_objects_structs_nullables_tensors_and_itself()
    {
        using var code = new CompiledAssembly("Generic", Source);
        var saved = code.Call("Generic.Build", "Create")!;
        using var file = Save(saved);

        // Every RunningStat of the fresh owner is empty: lists grow, objects are created through their factories.
        var restored = code.Create("Generic.Owner");
        var report = Checkpoint.Restore(restored, file);

        string expected = (string)code.Call("Generic.Build", "Describe", saved)!;
        Assert.Equal(expected, code.Call("Generic.Build", "Describe", restored));
        foreach (string part in new[] { "3:[0.5,0.25,1E+300]", "[a,null,c]", "[Train,Eval]", "[[1;2],[],[3]]", "[1one,2two]", "8->7(shared)", "[1.5@3,-2@4]", "[1,null,3]", "Float321;2", "Int645", "1:[9]:[9]:9:k1=9" })
            Assert.Contains(part, expected);
        Assert.True(report.IsExact, report.ToString());
    }

    [Fact]
    public void Lists_of_a_type_parameter_are_stored_as_a_member_of_the_closed_type_would_be()
    {
        using var code = new CompiledAssembly("Generic", Source);
        using var file = Save(code.Call("Generic.Build", "Create")!);
        var components = CheckpointInspector.Inspect(file).Components;

        ValueTag KindOf(string type, string member) =>
            components.First(c => c.TypeName.Contains(type, StringComparison.Ordinal)).Members.Single(m => m.Key == member).Kind;
        Assert.Equal(ValueTag.PrimitiveArray, KindOf("RunningStat<System.Double>", "Values"));
        Assert.Equal(ValueTag.PrimitiveArray, KindOf("RunningStat<Generic.Phase>", "Values"));
        Assert.Equal(ValueTag.ObjectColumns, KindOf("RunningStat<Generic.Sample>", "Values"));
        Assert.Equal(ValueTag.RecordColumns, KindOf("RunningStat<Generic.Point>", "Window"));
        Assert.Equal(ValueTag.ObjectColumns, KindOf("RunningStat<Generic.Node>", "Values")); // unsealed: its own class as rows
    }

    [Fact]
    public void A_derived_class_closes_its_generic_base_over_a_tuple()
    {
        using var code = new CompiledAssembly("Generic", Source);
        var saved = code.Call("Generic.Build", "CreatePairs")!;
        using var file = Save(saved);

        var restored = code.Create("Generic.Pairs");
        Checkpoint.Restore(restored, file);

        Assert.Equal("5:2:[1a,2b]:[1a,2b]:2b:k1=1a,k2=2b", code.Call("Generic.Build", "DescribePairs", restored));
    }

    [Fact]
    public void A_generic_type_is_a_checkpoint_root_on_its_own()
    {
        using var code = new CompiledAssembly("Generic", Source);
        using var file = Save(code.Call("Generic.Build", "Doubles")!);

        var restored = code.Call("Generic.Build", "Doubles")!;
        CompiledAssembly.Set(restored, "Values", null);
        Checkpoint.Restore(restored, file);

        Assert.Equal("3:[1,2,3]:[2,3]:3:k1=1,k2=2,k3=3", code.Call("Generic.Build", "DescribeDoubles", restored));
    }

    [Fact]
    public void A_type_argument_no_code_names_fails_clearly_naming_it()
    {
        using var code = new CompiledAssembly("Generic", Source);

        var error = Assert.Throws<CheckpointException>(() => Save(code.Call("Generic.Build", "Unnamed")!));

        Assert.Contains("System.Collections.Generic.HashSet<System.Int64>", error.Message);
        Assert.Contains("[Checkpointable]", error.Message);
    }
}
