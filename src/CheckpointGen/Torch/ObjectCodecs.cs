using CheckpointGen.Reading;
using CheckpointGen.Writing;
using TorchSharp;

namespace CheckpointGen.Torch;

/// <summary>
/// Encodes an object that is saved as a component. <see cref="ICheckpointable"/> objects encode
/// themselves (generated code); TorchSharp's modules, optimizers, LR schedulers and generators
/// cannot carry generated code, so the runtime encodes them. To support another library type, add
/// a codec here.
/// </summary>
internal interface IObjectCodec
{
    bool CanHandle(object value);

    void Write(CheckpointWriter writer, object value);

    /// <summary>Restores the saved members into <paramref name="target"/> in place.</summary>
    void Read(CheckpointReader reader, object target);
}

/// <summary>The codecs, asked in order; the first that handles an object wins.</summary>
internal static class ObjectCodecs
{
    private static readonly IObjectCodec[] Codecs =
    [
        new CheckpointableCodec(),
        new ModuleCodec(),
        new OptimizerCodec(),
        new SchedulerCodec(),
        new GeneratorCodec(),
    ];

    public static bool CanWrite(object value) => Find(value) is not null;

    public static void Write(CheckpointWriter writer, object value) =>
        (Find(value) ?? throw Unsupported(value)).Write(writer, value);

    public static void Read(CheckpointReader reader, object target) =>
        (Find(target) ?? throw Unsupported(target)).Read(reader, target);

    private static IObjectCodec? Find(object value)
    {
        foreach (var codec in Codecs)
            if (codec.CanHandle(value)) return codec;
        return null;
    }

    private static CheckpointException Unsupported(object value) =>
        new($"An object of type {Format.TypeNames.Of(value.GetType())} cannot be checkpointed: mark it [Checkpointable] (and partial), or leave the member out with [CheckpointIgnore].");

    private sealed class CheckpointableCodec : IObjectCodec
    {
        public bool CanHandle(object value) => value is ICheckpointable;

        public void Write(CheckpointWriter writer, object value) => ((ICheckpointable)value).WriteCheckpoint(writer);

        public void Read(CheckpointReader reader, object target) => ((ICheckpointable)target).ReadCheckpoint(reader);
    }
}
