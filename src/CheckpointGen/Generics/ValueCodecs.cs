using CheckpointGen.Format;
using CheckpointGen.Randomness;
using CheckpointGen.Reading;
using CheckpointGen.Writing;
using TorchSharp;
using TorchSharp.Modules;

namespace CheckpointGen.Generics;

/// <summary>
/// The codec of each closed type, resolved once per type and cached in a static generic class (the
/// pattern of MemoryPack's formatter provider), without reflection: primitives, strings, dates,
/// enums, tensors, checkpointable structs and objects (and any class or interface whose objects
/// are components) are recognised by type tests the JIT and the AOT compiler fold. Types whose
/// encoding needs their structure (collections, tuples, nullables) or a constraint (creating missing
/// objects, struct columns, MemoryPack) are registered by the generated code of a [Checkpointable]
/// type that names the closed type, a member of type <c>RunningStat&lt;List&lt;double&gt;&gt;</c>
/// for example, before that type writes or reads anything (see docs/generator.md, Generic types).
/// </summary>
public static class ValueCodecs
{
    /// <summary>The codec of <typeparamref name="T"/>.</summary>
    public static ValueCodec<T> For<T>() => Cache<T>.Codec ?? Cache<T>.Resolve();

    /// <summary>
    /// Makes <paramref name="create"/>'s codec the codec of <typeparamref name="T"/> unless one was
    /// registered already (every registration of a type describes the same encoding, so the first
    /// stands). Cheap after the first call: generated code calls it before every write and read.
    /// </summary>
    public static void Register<T>(Func<ValueCodec<T>> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        if (Cache<T>.Registered) return;
        Cache<T>.Codec = create();
        Cache<T>.Registered = true;
    }

    private static class Cache<T>
    {
        public static ValueCodec<T>? Codec;
        public static bool Registered;

        public static ValueCodec<T> Resolve() => Codec = BuiltIn<T>();
    }

    private static ValueCodec<T> BuiltIn<T>()
    {
        var type = typeof(T);
        if (PrimitiveCodecs.Of<T>() is { } primitive) return primitive;
        if (type.IsEnum) return PrimitiveCodecs.OfEnum<T>();
        if (type == typeof(torch.Tensor)) return (ValueCodec<T>)(object)new TensorCodec();
        if (type == typeof(Parameter)) return (ValueCodec<T>)(object)new ParameterCodec();
        if (type.IsValueType)
            return typeof(ICheckpointable).IsAssignableFrom(type) ? new BoxedRecordCodec<T>() : new MissingCodec<T>();
        if (type == typeof(CheckpointableRandom)) return new ObjectCodec<T>(static () => new CheckpointableRandom());
        if (IsComponent(type)) return new ObjectCodec<T>(null);
        return new MissingCodec<T>();
    }

    /// <summary>Classes and interfaces whose objects are saved as components (their own code, or a TorchSharp codec, writes them).</summary>
    private static bool IsComponent(Type type) =>
        typeof(ICheckpointable).IsAssignableFrom(type) || type.IsInterface || type.IsAbstract
        || typeof(torch.nn.Module).IsAssignableFrom(type) || typeof(torch.optim.Optimizer).IsAssignableFrom(type)
        || typeof(torch.optim.lr_scheduler.LRScheduler).IsAssignableFrom(type) || typeof(torch.Generator).IsAssignableFrom(type);

    /// <summary>The codec of a type nothing resolved: it fails on use, naming the type and the way out.</summary>
    private sealed class MissingCodec<T> : ValueCodec<T>
    {
        public override void Write(CheckpointWriter writer, T value) => throw Missing();

        public override T Read(CheckpointReader reader, T existing) => throw Missing();

        private static CheckpointException Missing() => new(
            $"CheckpointGen has no codec for {TypeNames.Of(typeof(T))}, a type argument of a generic [Checkpointable] type. " +
            "Primitives, strings, enums, tensors and checkpointable types are resolved by themselves; a collection, tuple, nullable " +
            "or MemoryPack type needs the closed generic type named in a [Checkpointable] type (a member or base class of that type, " +
            "whose generated code registers it), or ValueCodecs.Register.");
    }
}
