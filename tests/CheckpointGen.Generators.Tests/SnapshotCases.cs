namespace CheckpointGen.Generators.Tests;

/// <summary>Representative [Checkpointable] inputs whose generated code is kept as snapshots in Snapshots/.</summary>
internal static class SnapshotCases
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["PrimitivesAndCollections"] = """
            using System;
            using System.Collections.Generic;
            using CheckpointGen;
            namespace Samples;
            public enum Phase : byte { Warmup, Train }
            [Checkpointable]
            public partial class TrainingStats
            {
                private int _step;
                private double _loss;
                private string? _name;
                private Phase _phase;
                private DateTime _started;
                private Guid _runId;
                private int? _bestEpoch;
                private float[] _weights = [];
                private Phase[] _phases = [];
                private string[][] _jagged = [];
                private double[,] _grid = new double[0, 0];
                private List<float> _losses = new();
                private List<string> _tags = new();
                private Dictionary<string, List<float[]>> _history = new();
                private HashSet<int> _seen = new();
                private Queue<string> _pending = new();
                private Stack<long> _undo = new();
                [CheckpointIgnore] public object? Cache;
                private const int Version = 1;
                public static int Instances;
            }
            """,
        ["Struct"] = """
            using CheckpointGen;
            namespace Samples;
            [Checkpointable]
            public partial struct Moments
            {
                public double Mean;
                public double Variance;
                public long Count { get; set; }
            }
            """,
        ["StructColumns"] = """
            using System.Collections.Generic;
            using CheckpointGen;
            namespace Samples;
            public enum Phase : byte { Train, Eval }
            [Checkpointable]
            public partial struct Sample
            {
                public long Step;
                private readonly double _value;
                public Phase Phase { get; init; }
                public string Tag { get; set; }
                public Moments Stats;
                public Phase[]? Phases;
                public Dictionary<string, int>? Counts;
                public Sample(double value) { _value = value; Tag = ""; }
            }
            [Checkpointable]
            public partial struct Moments
            {
                public double Mean;
            }
            [Checkpointable]
            public partial class History
            {
                private List<Sample> _samples = new();
                private Sample[] _window = [];
                private Dictionary<string, List<Sample>> _byName = new();
                private System.Collections.Immutable.ImmutableArray<Moments> _frozen;
            }
            """,
        ["ObjectColumns"] = """
            using System.Collections.Generic;
            using System.Collections.Immutable;
            using CheckpointGen;
            namespace Samples;
            public enum Kind : short { Image, Text }
            [Checkpointable]
            public sealed partial class Exemplar
            {
                public long Step;
                public Kind Kind;
                private float[] _features = [];
                public string Label = "";
                private List<int> _history = new();
                public Exemplar? Parent;
                private Dictionary<string, int>? _counts;
                private double[,]? _grid;
                private readonly int _seed;
                public double Weight { get; init; }
                public Exemplar() { }
                public Exemplar(int seed) => _seed = seed;
                partial void OnCheckpointStructureRestored() { }
                partial void OnCheckpointRestored() { }
            }
            [Checkpointable]
            public partial class Memory
            {
                private List<Exemplar> _exemplars = new();
                private Exemplar[] _recent = [];
                private ImmutableArray<Exemplar> _frozen = ImmutableArray<Exemplar>.Empty;
                private List<Exemplar?> _slots = new();
                private Dictionary<int, List<Exemplar>> _byKind = new();
            }
            """,
        ["SequenceColumns"] = """
            using System.Collections.Generic;
            using System.Collections.Immutable;
            using CheckpointGen;
            namespace Samples;
            [Checkpointable]
            public partial struct Point
            {
                public long Step;
                public double Value;
            }
            [Checkpointable]
            public sealed partial class Node
            {
                public int Id;
            }
            [Checkpointable]
            public partial class Collections
            {
                private HashSet<Point> _points = new();
                private Queue<Node> _pending = new();
                private Stack<Node> _undo = new();
                private LinkedList<Point>? _trail;
                private ImmutableSortedSet<Node> _sorted = ImmutableSortedSet<Node>.Empty;
                private ImmutableStack<Point> _history = ImmutableStack<Point>.Empty;
                private HashSet<Node?> _maybe = new();
                private Dictionary<int, Node> _byId = new();
            }
            """,
        ["Record"] = """
            using System.Collections.Immutable;
            using CheckpointGen;
            namespace Samples;
            [Checkpointable]
            public partial record TaskInfo(string Name, int Classes)
            {
                public ImmutableArray<int> Labels { get; init; } = ImmutableArray<int>.Empty;
                public ImmutableDictionary<string, int> Counts { get; init; } = ImmutableDictionary<string, int>.Empty;
                public (int First, string Second) Pair { get; set; }
            }
            [Checkpointable]
            public readonly partial record struct Score(double Value, int Step);
            """,
        ["Generic"] = """
            using System.Collections.Generic;
            using CheckpointGen;
            namespace Samples;
            [Checkpointable]
            public partial class Series<T> where T : class, ICheckpointable
            {
                private List<T> _items = new();
                private T? _latest;
                private int _capacity;
            }
            """,
        ["GenericValues"] = """
            using System.Collections.Generic;
            using CheckpointGen;
            namespace Samples;
            public enum Phase : byte { Warmup, Train }
            [Checkpointable]
            public partial class RunningStat<T>
            {
                private List<T> _values = new();
                private T[] _window = [];
                private T? _last;
                private Dictionary<string, T> _byName = new();
                private (T Value, int Step) _best;
                private long _count;
            }
            [Checkpointable] public sealed partial class Sample { public int Id; }
            [Checkpointable] public partial struct Point { public double X; }
            [Checkpointable]
            public partial class Stats
            {
                private RunningStat<double> _loss = new();
                private RunningStat<Phase> _phases = new();
                private RunningStat<List<int>> _lists = new();
                private RunningStat<Sample> _samples = new();
                private RunningStat<Point> _points = new();
                private RunningStat<int?> _maybe = new();
            }
            [Checkpointable]
            public partial class Pairs : RunningStat<(int, string)> { private int _extra; }
            """,
        ["Nested"] = """
            using CheckpointGen;
            namespace Samples;
            public partial class Outer
            {
                private partial class Middle<TKey>
                {
                    [Checkpointable]
                    internal sealed partial class Inner
                    {
                        private int _value;
                        [CheckpointKey("renamed")] private string _label = "";
                    }
                }
            }
            """,
        ["Inheritance"] = """
            using CheckpointGen;
            namespace Samples;
            [Checkpointable]
            public abstract partial class Strategy
            {
                protected int Experience;
                public void OnCheckpointRestored() { }
            }
            [Checkpointable]
            public partial class Replay : Strategy
            {
                private Buffer _buffer = new(4);
                private Buffer? _spare;
                [CheckpointKey("capacity")] private int _size;
            }
            [Checkpointable]
            public sealed partial class Buffer
            {
                private Buffer() { }
                public Buffer(int size) => _items = new int[size];
                private int[] _items = [];
            }
            """,
        ["ModuleWithHook"] = """
            using System.Collections.Generic;
            using CheckpointGen;
            using TorchSharp;
            using TorchSharp.Modules;
            using static TorchSharp.torch;
            namespace Samples;
            [Checkpointable]
            public sealed partial class GrowingClassifier : nn.Module<Tensor, Tensor>
            {
                private int _classes = 2;
                private readonly Linear _body;
                private readonly List<Linear> _heads = new();
                private Dictionary<int, string> _classNames = new();
                public GrowingClassifier() : base("growing") { _body = nn.Linear(4, 8); RegisterComponents(); }
                partial void OnCheckpointStructureRestored() { while (_heads.Count < _classes) _heads.Add(nn.Linear(8, 1)); }
                public override Tensor forward(Tensor input) => _body.forward(input);
            }
            """,
        ["Tensors"] = """
            using CheckpointGen;
            using CheckpointGen.Randomness;
            using TorchSharp;
            using TorchSharp.Modules;
            using static TorchSharp.torch;
            namespace Samples;
            [Checkpointable]
            public partial class Ewc
            {
                private Tensor? _fisher;
                private Parameter? _anchor;
                private Tensor[] _snapshots = [];
                private torch.Generator _generator = new torch.Generator(1);
                private CheckpointableRandom _random = new(7);
                private optim.Optimizer? _optimizer;
            }
            """,
        ["ReadOnlyAndInit"] = """
            using System.Collections.Generic;
            using CheckpointGen;
            namespace Samples;
            [Checkpointable]
            public partial class Registry
            {
                private readonly List<string> _names = new();
                private readonly Dictionary<string, int> _ids = new();
                private readonly int _seed;
                public int Created { get; }
                public string Owner { get; init; } = "";
                public required int Limit { get; init; }
                public Registry(int seed) => _seed = seed;
            }
            """,
        ["Polymorphic"] = """
            using System;
            using System.Collections.Generic;
            using CheckpointGen;
            using MemoryPack;
            namespace Samples;
            [RequiresCheckpointing]
            public interface IPlugin { }
            [MemoryPackable]
            public partial class Settings { public int Epochs { get; set; } }
            [Checkpointable]
            public partial class Trainer
            {
                private IPlugin? _plugin;
                private List<IPlugin> _plugins = new();
                private Settings _settings = new();
                private Tuple<int, string>? _last;
                private KeyValuePair<string, double> _best;
                private SortedDictionary<string, IPlugin> _byName = new();
            }
            """,
    };
}
