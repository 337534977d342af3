using CheckpointGen.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Fuzzing;

public enum Phase : short { Warmup = -1, Train = 3, Evaluate = 7 }

/// <summary>A record stored column by column in a list (record columns, format 1.1).</summary>
[Checkpointable]
public partial record struct Sample(long Step, double Loss, Phase Phase);

/// <summary>A sealed class stored column by column in a list (object columns, format 1.3), with a reference to another.</summary>
[Checkpointable]
public sealed partial class Exemplar
{
    public int Label;
    public string? Name;
    public float[] Features = [];
    public Exemplar? Parent;
}

/// <summary>An unsealed class: one component per object, shared references and cycles.</summary>
[Checkpointable]
public partial class GraphNode
{
    public int Id;
    public GraphNode? Next;
    public List<GraphNode> Children = [];
}

/// <summary>
/// The root every seed is written from and every fuzzed file is restored into: one member of every value kind
/// (scalars, strings, nullable, enums, arrays of every rank, jagged arrays, lists, sets, dictionaries, queues, records,
/// object graphs, tensors of several dtypes, random generators), plus the members of newer formats left null in
/// older-format seeds: record columns (1.1), blocks (1.2), object columns (1.3).
/// </summary>
[Checkpointable]
public sealed partial class FuzzRoot
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
    public Phase Phase;
    public int? Maybe;
    public Sample? MaybeSample;
    public int[] Small = [];
    public string?[] Strings = [];
    public int[][] Jagged = [];
    public double[,] Grid = new double[0, 0];
    public List<string> Names = [];
    public HashSet<int> Seen = [];
    public Dictionary<string, double> Metrics = [];
    public Queue<long> Pending = new();
    public GraphNode? Graph;
    public Tensor? Weights;
    public Tensor? Counts;
    public Tensor? Mask;
    public CheckpointableRandom Random = new(1);
    public List<Sample>? Samples;
    public float[]? Large;
    public List<Exemplar>? Exemplars;
}
