using CheckpointGen.Randomness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Tests.Generated;

[Checkpointable]
public abstract partial class StrategyBase
{
    protected int Experience;
    public int RestoredCalls { get; private set; }
    public int Experiences => Experience;
    public void Learn() => Experience++;

    partial void OnCheckpointRestored() => RestoredCalls++;
}

[Checkpointable]
public partial class ReplayStrategy : StrategyBase
{
    [CheckpointKey("capacity")] public int Size;
    public ReplayNode? Head;
    public ReplayNode? Other;
    public IPlugin? Plugin;
    public readonly List<string> Log = new();
    public int Created { get; }
    public string Owner { get; init; } = "";

    public ReplayStrategy() { }

    public ReplayStrategy(int created, string owner)
    {
        Created = created;
        Owner = owner;
    }
}

/// <summary>A node of a linked structure: cycles and shared references.</summary>
[Checkpointable]
public sealed partial class ReplayNode
{
    public int Value;
    public ReplayNode? Next;

    private ReplayNode() { }

    public ReplayNode(int value) => Value = value;
}

[RequiresCheckpointing]
public interface IPlugin
{
    int Calls { get; }
}

[Checkpointable]
public partial class CountingPlugin : IPlugin
{
    public int Calls { get; set; }
}

[Checkpointable]
public partial class Series<T> where T : class, ICheckpointable, ICheckpointableFactory<T>
{
    public List<T> Items = new();
    public int Capacity;
}

public partial class Container
{
    [Checkpointable]
    public partial class Inner
    {
        public string Label = "";
    }
}

/// <summary>A classifier that grows an output head per class: structure is restored before parameters.</summary>
[Checkpointable]
public sealed partial class GrowingClassifier : nn.Module<Tensor, Tensor>
{
    private int _classes;
    private readonly Linear _body;
    private readonly ModuleList<Linear> _heads = new();
    public Tensor Fisher = torch.zeros(3);
    public torch.Generator Generator = new(42);
    public CheckpointableRandom Random = new(7);
    public int StructureRebuilds;

    public GrowingClassifier() : base(nameof(GrowingClassifier))
    {
        _body = nn.Linear(4, 8);
        RegisterComponents();
    }

    public int Classes => _classes;

    public IReadOnlyList<Linear> Heads => _heads.ToList();

    public void AddClass()
    {
        _classes++;
        _heads.Add(nn.Linear(8, 1));
    }

    /// <summary>Rebuilds the heads for the restored class count, before their parameters are read.</summary>
    partial void OnCheckpointStructureRestored()
    {
        StructureRebuilds++;
        while (_heads.Count < _classes) _heads.Add(nn.Linear(8, 1));
    }

    public override Tensor forward(Tensor input) => _body.forward(input);
}
