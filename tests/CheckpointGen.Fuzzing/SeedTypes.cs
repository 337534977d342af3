using CheckpointGen.Randomness;
using CheckpointGen.Tests.Generated;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Fuzzing;

/// <summary>A record stored column by column in a list (record columns, format 1.1).</summary>
[Checkpointable]
public partial record struct Sample(long Step, double Loss, Stage Stage);

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
/// The root every seed is written from and every fuzzed file is restored into: the core tests' catalogue of value
/// kinds (<see cref="Scalars"/>, <see cref="Collections"/>, <see cref="Composites"/>: every scalar, string, nullable,
/// enum, array rank, collection, immutable collection, tuple and MemoryPack value), an object graph, tensors of
/// several dtypes and a random generator, plus the members of newer formats, left null in older-format seeds: record
/// columns (1.1), a block (1.2), object columns (1.3).
/// </summary>
[Checkpointable]
public sealed partial class FuzzRoot
{
    public Scalars Values = new();
    public Collections Collections = new();
    public Composites Composites = new();
    public Sample? MaybeSample;
    public GraphNode? Graph;
    public Tensor? Weights;
    public Tensor? Counts;
    public Tensor? Mask;
    public CheckpointableRandom Random = new(1);
    public List<Sample>? Samples;
    public float[]? Large;
    public List<Exemplar>? Exemplars;
}
