namespace CheckpointGen.Tests.Generated;

/// <summary>A point of a curve: two primitive members, stored as two block-copied columns.</summary>
[Checkpointable]
public partial record struct CurvePoint(long Step, double Value);

/// <summary>Readonly members: init-only properties of a readonly record struct and a readonly field.</summary>
[Checkpointable]
public readonly partial record struct FrozenPoint(int Id, float Weight)
{
    private readonly Stage _stage = Stage.Warmup;

    public FrozenPoint(int id, float weight, Stage stage) : this(id, weight) => _stage = stage;

    public Stage StageValue => _stage;
}

/// <summary>Non-primitive columns: a string and a nested struct (sequences), beside a primitive one.</summary>
[Checkpointable]
public partial struct LabelledPoint
{
    public string Label;
    public CurvePoint Point;
    public bool Flag;
}

/// <summary>A struct that saves nothing: its lists are written as sequences of records.</summary>
[Checkpointable]
public partial struct Marker
{
    [CheckpointIgnore] public int Transient;
}

/// <summary>Lists, arrays and a dictionary of lists of checkpointable structs.</summary>
[Checkpointable]
public partial class CurveStore
{
    public List<CurvePoint> Points = [];
    public CurvePoint[] Window = [];
    public Dictionary<string, List<CurvePoint>> Curves = [];
    public List<FrozenPoint> Frozen = [];
    public LabelledPoint[] Labelled = [];
    public List<CurvePoint> Empty = [];
    public CurvePoint[] Single = [];
    public List<CurvePoint>? Nothing;
    public List<Marker> Markers = [];
    public System.Collections.Immutable.ImmutableArray<CurvePoint> Immutable = [new(5, 5.5)];
    public System.Collections.Immutable.ImmutableArray<CurvePoint> NeverSet;

    public static CurveStore Sample() => new()
    {
        Points = [new(0, 0.5), new(50, 0.25), new(100, double.NaN)],
        Window = [new(-1, -2.5), new(long.MaxValue, double.Epsilon)],
        Curves = new() { ["loss"] = [new(1, 1.0), new(2, 0.5)], ["acc"] = [], ["one"] = [new(7, 0.7)] },
        Frozen = [new(1, 0.5f, Stage.Evaluate), new(2, -1.5f, Stage.Warmup)],
        Labelled = [new() { Label = "a", Point = new(3, 3.5), Flag = true }, new() { Label = "", Point = new(4, 4.5) }, new() { Label = null!, Point = default }],
        Single = [new(9, 9.5)],
        Markers = [new() { Transient = 1 }, new() { Transient = 2 }],
    };
}

/// <summary>A struct with a restore hook: each element's derived value is recomputed after its columns are read.</summary>
[Checkpointable]
public partial struct Normalized
{
    public double Raw;
    [CheckpointIgnore] public double Half;

    partial void OnCheckpointRestored() => Half = Raw / 2;
}

/// <summary>Holds a list of <see cref="Normalized"/>.</summary>
[Checkpointable]
public partial class NormalizedList
{
    public List<Normalized> Items = [];
}
