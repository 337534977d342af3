namespace CheckpointGen.Generators.Classification;

/// <summary>
/// The metadata names of every type the generator and the analyzer recognise or emit, written once:
/// <see cref="KnownSymbols"/> resolves them in a compilation, the emitter turns them into source
/// names with <see cref="Global"/>. Nested types use <c>+</c>, generic ones their arity (<c>`1</c>).
/// </summary>
internal static class KnownNames
{
    // The runtime's attributes and interfaces.
    public const string CheckpointableAttribute = "CheckpointGen.CheckpointableAttribute";
    public const string CheckpointIgnoreAttribute = "CheckpointGen.CheckpointIgnoreAttribute";
    public const string CheckpointKeyAttribute = "CheckpointGen.CheckpointKeyAttribute";
    public const string CheckpointConfigurationAttribute = "CheckpointGen.CheckpointConfigurationAttribute";
    public const string ConfigurationChange = "CheckpointGen.ConfigurationChange";
    public const string RequiresCheckpointingAttribute = "CheckpointGen.RequiresCheckpointingAttribute";
    public const string ICheckpointable = "CheckpointGen.ICheckpointable";
    public const string ICheckpointableFactory = "CheckpointGen.ICheckpointableFactory`1";
    public const string ICheckpointableRecord = "CheckpointGen.ICheckpointableRecord`1";
    public const string ICheckpointableRows = "CheckpointGen.ICheckpointableRows`1";
    public const string CheckpointableRandom = "CheckpointGen.Randomness.CheckpointableRandom";

    // The runtime API generated code calls.
    public const string CheckpointWriter = "CheckpointGen.Writing.CheckpointWriter";
    public const string CheckpointReader = "CheckpointGen.Reading.CheckpointReader";
    public const string CheckpointFormatException = "CheckpointGen.CheckpointFormatException";
    public const string ValueTag = "CheckpointGen.Format.ValueTag";
    public const string ValueCodec = "CheckpointGen.Generics.ValueCodec`1";
    public const string ValueCodecs = "CheckpointGen.Generics.ValueCodecs";
    public const string FactoryObjectCodec = "CheckpointGen.Generics.FactoryObjectCodec`1";
    public const string RecordColumnsCodec = "CheckpointGen.Generics.RecordColumnsCodec`1";
    public const string ObjectColumnsCodec = "CheckpointGen.Generics.ObjectColumnsCodec`1";
    public const string MemoryPackCodec = "CheckpointGen.Generics.MemoryPackCodec`1";

    public const string MemoryPackableAttribute = "MemoryPack.MemoryPackableAttribute";

    // TorchSharp.
    public const string TorchTensor = "TorchSharp.torch+Tensor";
    public const string TorchParameter = "TorchSharp.Modules.Parameter";
    public const string TorchModule = "TorchSharp.torch+nn+Module";
    public const string TorchOptimizer = "TorchSharp.torch+optim+Optimizer";
    public const string TorchScheduler = "TorchSharp.torch+optim+lr_scheduler+LRScheduler";
    public const string TorchGenerator = "TorchSharp.torch+Generator";

    /// <summary>The source form of a metadata name: <c>global::</c>, '.' for nesting, no arity.</summary>
    public static string Global(string metadataName)
    {
        int tick = metadataName.IndexOf('`');
        string name = tick < 0 ? metadataName : metadataName.Substring(0, tick);
        return "global::" + name.Replace('+', '.');
    }
}
