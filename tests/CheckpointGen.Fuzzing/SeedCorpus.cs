using System.Collections.Immutable;
using CheckpointGen.Randomness;
using CheckpointGen.Tests.Format.Support;
using CheckpointGen.Tests.Generated;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Fuzzing;

/// <summary>
/// Real checkpoints to start the fuzzer from: a file of every earlier format version as its own writer wrote it,
/// and files of today's writer (empty, every value kind, records, blocks, object columns, no tensors, a cyclic graph).
/// </summary>
internal static class SeedCorpus
{
    public static IEnumerable<(string Name, byte[] Bytes)> Files()
    {
        // Earlier versions: the files their own writers wrote (the core tests' compatibility assets), since
        // today's writer puts collections in columns that formats before 1.3 cannot hold.
        foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Seeds"), "format-*.ckpt").Order(StringComparer.Ordinal))
            yield return ($"legacy-{Path.GetFileNameWithoutExtension(file)}", File.ReadAllBytes(file));
        yield return ("empty", CheckpointBytes.Save(new FuzzRoot()));
        yield return ("values", CheckpointBytes.Save(Values()));
        var records = Values();
        records.Samples = Samples(6);
        yield return ("records", CheckpointBytes.Save(records));
        records.Large = Enumerable.Range(0, 300).Select(i => i * 0.5f).ToArray();
        yield return ("blocks", CheckpointBytes.Save(records));
        records.Exemplars = Exemplars(5);
        yield return ("objects", CheckpointBytes.Save(records));
        yield return ("columns-only", CheckpointBytes.Save(new FuzzRoot { Samples = Samples(3), Exemplars = Exemplars(3), Large = new float[260] }));
        var noTensors = Values();
        noTensors.Weights = noTensors.Counts = noTensors.Mask = null;
        yield return ("no-tensors", CheckpointBytes.Save(noTensors));
    }

    private static FuzzRoot Values()
    {
        var leaf = new GraphNode { Id = 3 };
        var root = new GraphNode { Id = 1, Children = [leaf, new GraphNode { Id = 2, Next = leaf }] };
        leaf.Next = root;
        var generator = new torch.Generator(7);
        return new FuzzRoot
        {
            Values = new Scalars
            {
                Flag = true, S8 = -8, U8 = 8, S16 = -16, U16 = 16, S32 = -32, U32 = 32, S64 = -64, U64 = 64, F16 = (Half)1.5, F32 = 3.25f,
                F64 = Math.PI, Money = 12.34m, Letter = 'λ', Text = "checkpoint", When = new DateTime(2026, 11, 29, 15, 13, 16, DateTimeKind.Utc),
                WhenOffset = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)), Duration = TimeSpan.FromMinutes(90),
                Id = new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"), Stage = Stage.Evaluate, Maybe = 42, MaybeMoments = new Moments { Mean = 1, Count = 2 },
            },
            Collections = new Collections
            {
                Floats = [1, -2], Stages = [Stage.Train], Strings = ["a", null], Jagged = [[1], []], Grid = new double[,] { { 1, 2 }, { 3, 4 } },
                Cube = new string[1, 1, 2] { { { "a", "b" } } }, Ints = [5], StageList = [Stage.Warmup], Names = ["x"], History = new() { ["t"] = [[1f]] },
                Seen = [3], Sorted = ["b", "a"], Pending = new(["p"]), Undo = new([1L]), Ordered = new() { [2] = "two" }, Ranked = new() { ["z"] = 1.0 },
                Chain = new([9, 8]), MomentList = [new Moments { Mean = 3, Count = 4 }],
            },
            Composites = new Composites
            {
                Labels = [1, 2], Words = ["w"], List = ["l"], Counts = ImmutableDictionary<string, int>.Empty.Add("a", 1), Set = [4],
                SortedMap = ImmutableSortedDictionary<int, string>.Empty.Add(3, "three"), SortedSet = ["q"], Queue = ImmutableQueue.Create(1),
                Stack = ImmutableStack.Create(2), Pair = Tuple.Create(7, "seven"), Named = (3, "epoch", 0.25), Entry = new("key", [1]),
                TupleList = [("a", 1)], Settings = new PackedSettings { Epochs = 12, Name = "packed" }, Stats = new Moments { Mean = 0.5, Count = 3 },
            },
            MaybeSample = new Sample(9, 0.5, Stage.Train),
            Graph = root,
            Weights = torch.randn([3, 4], generator: generator),
            Counts = torch.arange(6, dtype: ScalarType.Int64).reshape(2, 3),
            Mask = torch.tensor(new[] { true, false, true }),
            Random = new CheckpointableRandom(11),
        };
    }

    private static List<Sample> Samples(int count) =>
        Enumerable.Range(0, count).Select(i => new Sample(i * 10L, 1.0 / (i + 1), i % 2 == 0 ? Stage.Train : Stage.Evaluate)).ToList();

    private static List<Exemplar> Exemplars(int count)
    {
        var list = Enumerable.Range(0, count).Select(i => new Exemplar { Label = i, Name = i % 2 == 0 ? $"e{i}" : null, Features = [i, i + 0.5f] }).ToList();
        for (int i = 1; i < count; i++) list[i].Parent = list[i - 1];
        return list;
    }
}
