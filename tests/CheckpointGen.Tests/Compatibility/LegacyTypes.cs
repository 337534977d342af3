using TorchSharp;
using CheckpointGen.Tests.Tensors;

namespace CheckpointGen.Tests.Compatibility;

// The state written into the checked-in files of every format version (Files/format-1.N.ckpt).
// These declarations must not change: the files were written from them by the CheckpointGen
// versions of their format, and the test restores each file into them.

public enum LegacyStage : byte { Warmup = 1, Train = 2, Evaluate = 3 }

/// <summary>A struct: lists and arrays of it are record columns from format 1.1, and dictionary values.</summary>
[Checkpointable]
public partial struct LegacyPoint
{
    public long Step;
    public double Value;
}

/// <summary>A sealed class: its lists and arrays are object columns from format 1.3; its pixels a block from 1.2.</summary>
[Checkpointable]
public sealed partial class LegacySample
{
    public float[] Pixels = [];
    public int Label;
    public LegacySample? Next;
}

/// <summary>A class that is not sealed, and a class derived from it.</summary>
[Checkpointable]
public partial class LegacyNode
{
    public string Name = "";
    public List<int> Visits = new();
}

[Checkpointable]
public partial class LegacyLeaf : LegacyNode
{
    public double Weight;
}

public interface ILegacyItem
{
    int Weight { get; }
}

[Checkpointable]
public sealed partial class LegacyItem : ILegacyItem
{
    public int Weight { get; set; }
}

[Checkpointable]
public sealed partial class LegacyState
{
    public int Epoch;
    public double Loss;
    public string? Name;
    public LegacyStage Stage;
    public DateTime When;
    public TimeSpan Elapsed;
    public Guid Id;
    public decimal Money;
    public int? Maybe;
    public int? Nothing;
    public List<int> Ints = new();
    public float[] Small = [];
    public double[] Large = [];
    public Dictionary<string, double> Finals = new();
    public HashSet<int> Seen = new();
    public (int Epoch, string Name) Pair;
    public int[,] Grid = new int[0, 0];
    public LegacyPoint Best;
    public List<LegacyPoint> Curve = new();
    public LegacyPoint[] Points = [];
    public LegacySample? Favourite;
    public List<LegacySample> Samples = new();
    public LegacySample[] SampleArray = [];
    public List<LegacyNode> Nodes = new();
    public List<LegacyNode> Mixed = new();
    public List<ILegacyItem> Items = new();
    public Dictionary<int, LegacyPoint> PointsById = new();
    public Dictionary<string, LegacySample> SamplesByName = new();
    public torch.Tensor? Weights;

    /// <summary>The state every file holds (the same values for every version).</summary>
    public static LegacyState Create()
    {
        var samples = new List<LegacySample>();
        for (int i = 0; i < 4; i++)
        {
            var pixels = new float[300];
            for (int p = 0; p < pixels.Length; p++) pixels[p] = i * 1000 + p * 0.25f;
            samples.Add(new LegacySample { Pixels = pixels, Label = i % 3 });
        }
        samples[0].Next = samples[2];
        samples[1].Next = samples[3];
        var large = new double[200];
        for (int i = 0; i < large.Length; i++) large[i] = Math.Sqrt(i);
        var state = new LegacyState
        {
            Epoch = 7,
            Loss = 0.125,
            Name = "legacy",
            Stage = LegacyStage.Evaluate,
            When = new DateTime(2026, 11, 29, 14, 45, 27, DateTimeKind.Utc),
            Elapsed = TimeSpan.FromSeconds(93.5),
            Id = new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"),
            Money = 12.345m,
            Maybe = 42,
            Nothing = null,
            Ints = [3, 1, 4, 1, 5],
            Small = [1.5f, -2.25f, float.NaN],
            Large = large,
            Finals = new() { ["accuracy"] = 0.98, ["loss"] = 0.05 },
            Seen = [2, 7, 1],
            Pair = (3, "three"),
            Grid = new int[,] { { 1, 2, 3 }, { 4, 5, 6 } },
            Best = new LegacyPoint { Step = 900, Value = 0.99 },
            Curve = [new LegacyPoint { Step = 100, Value = 0.5 }, new LegacyPoint { Step = 200, Value = 0.75 }],
            Points = [new LegacyPoint { Step = 1, Value = -1 }],
            Favourite = samples[1],
            Samples = [samples[0], samples[1], null!, samples[2], samples[0]],
            SampleArray = [samples[3], samples[1]],
            Nodes = [new LegacyNode { Name = "a", Visits = [1] }, new LegacyNode { Name = "b", Visits = [] }],
            Mixed = [new LegacyNode { Name = "c", Visits = [2, 2] }, new LegacyLeaf { Name = "d", Visits = [3], Weight = 0.5 }],
            Items = [new LegacyItem { Weight = 10 }, new LegacyItem { Weight = 20 }],
            PointsById = new() { [5] = new LegacyPoint { Step = 5, Value = 0.05 }, [9] = new LegacyPoint { Step = 9, Value = 0.09 } },
            SamplesByName = new() { ["first"] = samples[0], ["last"] = samples[3] },
            Weights = Ranges.Of(6, torch.float32).reshape(2, 3),
        };
        return state;
    }
}
