using CheckpointGen.Randomness;
using CheckpointGen.Tests.Format.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Fuzzing;

/// <summary>
/// Real checkpoints to start the fuzzer from: a file of every format version the writer's output can be turned
/// into (1.0 to 1.3, each with the value kinds its version has), an empty one, and variants (no tensors, only
/// columns, a cyclic graph).
/// </summary>
internal static class SeedCorpus
{
    public static IEnumerable<(string Name, byte[] Bytes)> Files()
    {
        yield return ("empty-1.3", CheckpointBytes.Save(new FuzzRoot()));
        yield return ("values-1.0", CheckpointBytes.AsOlderFormat(CheckpointBytes.Save(Values()), 0));
        var records = Values();
        records.Samples = Samples(6);
        yield return ("records-1.1", CheckpointBytes.AsOlderFormat(CheckpointBytes.Save(records), 1));
        records.Large = Enumerable.Range(0, 300).Select(i => i * 0.5f).ToArray();
        yield return ("blocks-1.2", CheckpointBytes.AsOlderFormat(CheckpointBytes.Save(records), 2));
        records.Exemplars = Exemplars(5);
        yield return ("objects-1.3", CheckpointBytes.Save(records));
        yield return ("columns-only-1.3", CheckpointBytes.Save(new FuzzRoot { Samples = Samples(3), Exemplars = Exemplars(3), Large = new float[260] }));
        var noTensors = Values();
        noTensors.Weights = noTensors.Counts = noTensors.Mask = null;
        yield return ("no-tensors-1.0", CheckpointBytes.AsOlderFormat(CheckpointBytes.Save(noTensors), 0));
    }

    private static FuzzRoot Values()
    {
        var leaf = new GraphNode { Id = 3 };
        var root = new GraphNode { Id = 1, Children = [leaf, new GraphNode { Id = 2, Next = leaf }] };
        leaf.Next = root;
        var generator = new torch.Generator(7);
        return new FuzzRoot
        {
            Flag = true, S8 = -8, U8 = 8, S16 = -16, U16 = 16, S32 = -32, U32 = 32, S64 = -64, U64 = 64,
            F16 = (Half)1.5, F32 = 3.25f, F64 = Math.PI, Money = 12.34m, Letter = 'λ', Text = "checkpoint",
            When = new DateTime(2026, 11, 29, 15, 13, 16, DateTimeKind.Utc), WhenOffset = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
            Duration = TimeSpan.FromMinutes(90), Id = new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"), Phase = Phase.Evaluate,
            Maybe = 42, MaybeSample = new Sample(9, 0.5, Phase.Train),
            Small = [1, -2, 3], Strings = ["a", null, "ccc"], Jagged = [[1], [], [2, 3]], Grid = new double[,] { { 1, 2 }, { 3, 4 } },
            Names = ["x", "y"], Seen = [5, 7], Metrics = new() { ["loss"] = 0.25, ["accuracy"] = 0.75 }, Pending = new([10L, 20L]),
            Graph = root,
            Weights = torch.randn([3, 4], generator: generator),
            Counts = torch.arange(6, dtype: ScalarType.Int64).reshape(2, 3),
            Mask = torch.tensor(new[] { true, false, true }),
            Random = new CheckpointableRandom(11),
        };
    }

    private static List<Sample> Samples(int count) =>
        Enumerable.Range(0, count).Select(i => new Sample(i * 10L, 1.0 / (i + 1), (Phase)(i % 2 == 0 ? 3 : 7))).ToList();

    private static List<Exemplar> Exemplars(int count)
    {
        var list = Enumerable.Range(0, count).Select(i => new Exemplar { Label = i, Name = i % 2 == 0 ? $"e{i}" : null, Features = [i, i + 0.5f] }).ToList();
        for (int i = 1; i < count; i++) list[i].Parent = list[i - 1];
        return list;
    }
}
