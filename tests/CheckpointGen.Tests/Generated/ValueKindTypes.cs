using System.Collections.Immutable;
using MemoryPack;

namespace CheckpointGen.Tests.Generated;

public enum Stage : short { Warmup = -1, Train = 3, Evaluate = 7 }

[MemoryPackable]
public partial class PackedSettings
{
    public int Epochs { get; set; }
    public string Name { get; set; } = "";
}

[Checkpointable]
public partial struct Moments
{
    public double Mean;
    public long Count { get; set; }
}

/// <summary>One member of every scalar kind.</summary>
[Checkpointable]
public partial class Scalars
{
    public bool Flag;
    public sbyte S8;
    public byte U8;
    public short S16;
    public ushort U16;
    public int S32;
    public uint U32;
    public long S64;
    public ulong U64;
    public Half F16;
    public float F32;
    public double F64;
    public decimal Money;
    public char Letter;
    public string? Text;
    public DateTime When;
    public DateTimeOffset WhenOffset;
    public TimeSpan Duration;
    public Guid Id;
    public Stage Stage;
    public int? Maybe;
    public int? Nothing;
    public Moments? MaybeMoments;
}

/// <summary>Arrays, lists and the other mutable collections, nested.</summary>
[Checkpointable]
public partial class Collections
{
    public float[] Floats = [];
    public Stage[] Stages = [];
    public string?[] Strings = [];
    public int[][] Jagged = [];
    public double[,] Grid = new double[0, 0];
    public string[,,] Cube = new string[0, 0, 0];
    public List<int> Ints = new();
    public List<Stage> StageList = new();
    public List<string> Names = new();
    public Dictionary<string, List<float[]>> History = new();
    public HashSet<int> Seen = new();
    public SortedSet<string> Sorted = new();
    public Queue<string> Pending = new();
    public Stack<long> Undo = new();
    public SortedDictionary<int, string> Ordered = new();
    public SortedList<string, double> Ranked = new();
    public LinkedList<int> Chain = new();
    public List<Moments> MomentList = new();
    public int[]? Missing;
}

/// <summary>Immutable collections, tuples, key-value pairs and MemoryPack values.</summary>
[Checkpointable]
public partial class Composites
{
    public ImmutableArray<int> Labels = ImmutableArray<int>.Empty;
    public ImmutableArray<string> Words = ImmutableArray<string>.Empty;
    public ImmutableArray<int> NeverSet;
    public ImmutableList<string> List = ImmutableList<string>.Empty;
    public ImmutableDictionary<string, int> Counts = ImmutableDictionary<string, int>.Empty;
    public ImmutableHashSet<int> Set = ImmutableHashSet<int>.Empty;
    public ImmutableSortedDictionary<int, string> SortedMap = ImmutableSortedDictionary<int, string>.Empty;
    public ImmutableSortedSet<string> SortedSet = ImmutableSortedSet<string>.Empty;
    public ImmutableQueue<int> Queue = ImmutableQueue<int>.Empty;
    public ImmutableStack<int> Stack = ImmutableStack<int>.Empty;
    public Tuple<int, string>? Pair;
    public (int Epoch, string Name, double Loss) Named;
    public KeyValuePair<string, List<int>> Entry;
    public List<(string, int)> TupleList = new();
    public PackedSettings? Settings;
    public Moments Stats;
}
