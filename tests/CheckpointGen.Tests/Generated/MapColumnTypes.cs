namespace CheckpointGen.Tests.Generated;

/// <summary>A record of a dictionary keyed by string: stored as object columns of its values.</summary>
[Checkpointable]
public sealed partial class Tally
{
    public int Count;
    public string Note = "";
    public Tally? Previous;
}

/// <summary>A class other classes may derive from, with columns of its own.</summary>
[Checkpointable]
public partial class Reading
{
    public double Value;
}

/// <summary>A class derived from <see cref="Reading"/>: an ordinary component wherever it is met.</summary>
[Checkpointable]
public sealed partial class CalibratedReading : Reading
{
    public double Offset;
}

/// <summary>Dictionaries whose values are stored as columns, keyed by primitives, enums, strings and Guids, and lists of an unsealed class and of an interface.</summary>
[Checkpointable]
public sealed partial class Ledger
{
    public Dictionary<int, CurvePoint> ById = [];
    public Dictionary<Stage, CurvePoint> ByStage = [];
    public SortedDictionary<string, CurvePoint> ByName = [];
    public Dictionary<Guid, Tally> Tallies = [];
    public SortedList<string, Tally> Named = [];
    public Dictionary<string, IPlugin> Plugins = [];
    public Dictionary<int, CurvePoint>? Nothing;
    public List<Reading> Readings = [];
    public List<IPlugin> PluginList = [];

    public static Ledger Sample()
    {
        var first = new Tally { Count = 1, Note = "one" };
        var second = new Tally { Count = 2, Note = "two", Previous = first };
        return new Ledger
        {
            ById = new() { [3] = new(30, 0.3), [-7] = new(-70, double.NaN) },
            ByStage = new() { [Stage.Train] = new(1, 1.5), [Stage.Evaluate] = new(2, 2.5) },
            ByName = new() { ["b"] = new(2, 0.2), ["a"] = new(1, 0.1) },
            Tallies = new() { [new Guid("11111111-2222-3333-4444-555555555555")] = first, [Guid.Empty] = second },
            Named = new() { ["second"] = second, ["again"] = second },
            Plugins = new() { ["counter"] = new CountingPlugin { Calls = 4 } },
            Readings = [new Reading { Value = 1.5 }, new CalibratedReading { Value = 2.5, Offset = 0.5 }, new Reading { Value = 3.5 }],
            PluginList = [new CountingPlugin { Calls = 7 }, new CountingPlugin { Calls = 8 }],
        };
    }

    /// <summary>An empty ledger to restore into: interface values and derived elements need their instances.</summary>
    public static Ledger Target() => new()
    {
        Plugins = new() { ["counter"] = new CountingPlugin() },
        Readings = [null!, new CalibratedReading()],
        PluginList = [new CountingPlugin(), new CountingPlugin()],
        Nothing = new() { [1] = default },
    };
}
