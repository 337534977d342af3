using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Classification;

/// <summary>
/// The well-known types of one compilation, each resolved once and on first use (System.Text.Json's
/// KnownTypeSymbols is the model). The generator and the analyzer classify through the same instance
/// per compilation, comparing symbols rather than display strings. A type the compilation does not
/// reference (TorchSharp, MemoryPack) is null and simply never matches.
/// </summary>
internal sealed partial class KnownSymbols
{
    private static readonly ConditionalWeakTable<Compilation, KnownSymbols> Instances = new();
    private static readonly object Missing = new();

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<string, object> _resolved = new();
    private Dictionary<INamedTypeSymbol, (ShapeKind Kind, string Variant)>? _collections;

    private KnownSymbols(Compilation compilation) => _compilation = compilation;

    /// <summary>The registry of <paramref name="compilation"/>, shared by every caller.</summary>
    public static KnownSymbols For(Compilation compilation) => Instances.GetValue(compilation, static c => new KnownSymbols(c));

    /// <summary>Whether each [Checkpointable] type of this compilation gets generated code (see <see cref="CheckpointableTypeFacts.GetsGeneratedCode"/>).</summary>
    internal ConcurrentDictionary<INamedTypeSymbol, bool> GeneratedCode { get; } = new(SymbolEqualityComparer.Default);

    public INamedTypeSymbol? CheckpointableAttribute => Get(KnownNames.CheckpointableAttribute);
    public INamedTypeSymbol? CheckpointIgnoreAttribute => Get(KnownNames.CheckpointIgnoreAttribute);
    public INamedTypeSymbol? CheckpointKeyAttribute => Get(KnownNames.CheckpointKeyAttribute);
    public INamedTypeSymbol? CheckpointConfigurationAttribute => Get(KnownNames.CheckpointConfigurationAttribute);
    public INamedTypeSymbol? RequiresCheckpointingAttribute => Get(KnownNames.RequiresCheckpointingAttribute);
    public INamedTypeSymbol? ICheckpointable => Get(KnownNames.ICheckpointable);
    public INamedTypeSymbol? ICheckpointableFactory => Get(KnownNames.ICheckpointableFactory);
    public INamedTypeSymbol? ICheckpointableRecord => Get(KnownNames.ICheckpointableRecord);
    public INamedTypeSymbol? ICheckpointableRows => Get(KnownNames.ICheckpointableRows);
    public INamedTypeSymbol? CheckpointableRandom => Get(KnownNames.CheckpointableRandom);
    public INamedTypeSymbol? MemoryPackableAttribute => Get(KnownNames.MemoryPackableAttribute);

    public INamedTypeSymbol? TorchTensor => Get(KnownNames.TorchTensor);
    public INamedTypeSymbol? TorchParameter => Get(KnownNames.TorchParameter);
    public INamedTypeSymbol? TorchModule => Get(KnownNames.TorchModule);
    public INamedTypeSymbol? TorchOptimizer => Get(KnownNames.TorchOptimizer);
    public INamedTypeSymbol? TorchScheduler => Get(KnownNames.TorchScheduler);
    public INamedTypeSymbol? TorchGenerator => Get(KnownNames.TorchGenerator);

    public INamedTypeSymbol? SystemRandom => Get("System.Random");
    public INamedTypeSymbol? DateTimeOffset => Get("System.DateTimeOffset");
    public INamedTypeSymbol? TimeSpan => Get("System.TimeSpan");
    public INamedTypeSymbol? Guid => Get("System.Guid");
    public INamedTypeSymbol? Half => Get("System.Half");
    public INamedTypeSymbol? ObsoleteAttribute => Get("System.ObsoleteAttribute");
    public INamedTypeSymbol? SetsRequiredMembersAttribute => Get("System.Diagnostics.CodeAnalysis.SetsRequiredMembersAttribute");
    private INamedTypeSymbol? Task => Get("System.Threading.Tasks.Task");
    private INamedTypeSymbol? Stream => Get("System.IO.Stream");
    private INamedTypeSymbol? TextReader => Get("System.IO.TextReader");
    private INamedTypeSymbol? TextWriter => Get("System.IO.TextWriter");

    /// <summary>True for an iterator position (state that lives in a suspended method, not in data).</summary>
    public bool IsEnumerator(INamedTypeSymbol definition) =>
        Is(definition, "System.Collections.IEnumerator") || Is(definition, "System.Collections.Generic.IEnumerator`1") || Is(definition, "System.Collections.Generic.IAsyncEnumerator`1");

    /// <summary>True for a task (work in progress, not state).</summary>
    public bool IsPendingWork(INamedTypeSymbol definition) =>
        DerivesFrom(definition, Task) || Is(definition, "System.Threading.Tasks.ValueTask") || Is(definition, "System.Threading.Tasks.ValueTask`1");

    /// <summary>True for a live runtime resource that a restore must recreate (a thread, a cancellation source).</summary>
    public bool IsLiveResource(INamedTypeSymbol definition) =>
        Is(definition, "System.Threading.Thread") || Is(definition, "System.Threading.CancellationTokenSource") || Is(definition, "System.Threading.CancellationToken");

    /// <summary>True for an open stream, reader or writer.</summary>
    public bool IsStream(ITypeSymbol type) => DerivesFrom(type, Stream) || DerivesFrom(type, TextReader) || DerivesFrom(type, TextWriter);

    /// <summary>The collection a generic type definition is, with the variant name its code needs, or null.</summary>
    public (ShapeKind Kind, string Variant)? CollectionKind(INamedTypeSymbol definition)
    {
        var table = Volatile.Read(ref _collections) ?? BuildCollections();
        return table.TryGetValue(definition, out var kind) ? kind : null;
    }

    private Dictionary<INamedTypeSymbol, (ShapeKind, string)> BuildCollections()
    {
        var table = new Dictionary<INamedTypeSymbol, (ShapeKind, string)>(SymbolEqualityComparer.Default);
        void Add(string metadataName, ShapeKind kind, string variant = "")
        {
            if (Get(metadataName) is { } symbol) table[symbol] = (kind, variant);
        }
        const string Generic = "System.Collections.Generic.";
        const string Immutable = "System.Collections.Immutable.";
        Add(Generic + "List`1", ShapeKind.List);
        Add(Generic + "HashSet`1", ShapeKind.Set, "HashSet");
        Add(Generic + "SortedSet`1", ShapeKind.Set, "SortedSet");
        Add(Generic + "LinkedList`1", ShapeKind.LinkedList);
        Add(Generic + "Queue`1", ShapeKind.Queue);
        Add(Generic + "Stack`1", ShapeKind.Stack);
        Add(Generic + "Dictionary`2", ShapeKind.Map, "Dictionary");
        Add(Generic + "SortedDictionary`2", ShapeKind.Map, "SortedDictionary");
        Add(Generic + "SortedList`2", ShapeKind.Map, "SortedList");
        Add(Generic + "KeyValuePair`2", ShapeKind.KeyValuePair);
        Add(Immutable + "ImmutableArray`1", ShapeKind.ImmutableArray);
        Add(Immutable + "ImmutableList`1", ShapeKind.ImmutableSequence, "ImmutableList");
        Add(Immutable + "ImmutableHashSet`1", ShapeKind.ImmutableSequence, "ImmutableHashSet");
        Add(Immutable + "ImmutableSortedSet`1", ShapeKind.ImmutableSequence, "ImmutableSortedSet");
        Add(Immutable + "ImmutableQueue`1", ShapeKind.ImmutableQueueOrStack, "ImmutableQueue");
        Add(Immutable + "ImmutableStack`1", ShapeKind.ImmutableQueueOrStack, "ImmutableStack");
        Add(Immutable + "ImmutableDictionary`2", ShapeKind.ImmutableMap, "ImmutableDictionary");
        Add(Immutable + "ImmutableSortedDictionary`2", ShapeKind.ImmutableMap, "ImmutableSortedDictionary");
        for (int arity = 1; arity <= 8; arity++) Add("System.Tuple`" + arity, ShapeKind.Tuple);
        Volatile.Write(ref _collections, table);
        return table;
    }

    private bool Is(INamedTypeSymbol definition, string metadataName) => SymbolEqualityComparer.Default.Equals(definition, Get(metadataName));

    private INamedTypeSymbol? Get(string metadataName)
    {
        // A benign race: two threads may resolve the same name; both get the same symbol.
        if (!_resolved.TryGetValue(metadataName, out var value))
            value = _resolved.GetOrAdd(metadataName, (object?)_compilation.GetTypeByMetadataName(metadataName) ?? Missing);
        return value as INamedTypeSymbol;
    }
}
