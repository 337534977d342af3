using System.IO.Hashing;
using System.Text;
using CheckpointGen.Reading;
using CheckpointGen.Writing;
using TorchSharp;

namespace CheckpointGen.Randomness;

/// <summary>
/// The RNG state a checkpoint carries (use the process's one, <see cref="RngManager.Default"/>):
/// torch's default CPU generator (restored bit for bit), the managed <see cref="Random"/>, and
/// every registered generator by name.
/// </summary>
/// <remarks>
/// <para>
/// CUDA: TorchSharp has no API to read or set CUDA generator state, so CUDA streams are
/// <b>reseeded, not restored</b>. <see cref="SetRandomSeeds"/> seeds every CUDA device; a restore
/// reseeds them from a hash of the restored CPU state. A resumed run is therefore reproducible
/// (resuming the same checkpoint twice gives the same CUDA draws), but its CUDA draws (dropout
/// masks and random tensors created on the GPU) differ from those of the run that was never
/// interrupted. CPU draws, and tensors drawn on the CPU then moved, match exactly.
/// </para>
/// <para>
/// Registered names are the checkpoint's keys (<c>generator:NAME</c>). A name the code registers
/// but the checkpoint lacks keeps its current state and is listed in
/// <see cref="RestoreReport.MissingKeys"/>; a name the checkpoint has but the code no longer
/// registers is listed in <see cref="RestoreReport.SkippedKeys"/>. With
/// <see cref="CheckpointLoadOptions.Strict"/> either one fails the restore.
/// </para>
/// <para>Thread-safe: registration and checkpointing take a lock (drawing from the generators does not).</para>
/// </remarks>
[CheckpointFormerName("CheckpointGen.RngRegistry")]
public sealed class RngRegistry : ICheckpointable
{
    private const string SeedKey = "seed";
    private const string TorchCpuKey = "torch_cpu";
    private const string ManagedKey = "managed";
    private const string GeneratorKeyPrefix = "generator:";

    private readonly object _gate = new();
    private readonly SortedDictionary<string, Registration> _registered = new(StringComparer.Ordinal);

    internal RngRegistry() { }

    /// <summary>The managed generator the runtime draws from. Seeded from the entropy source until <see cref="SetRandomSeeds"/> is called.</summary>
    public CheckpointableRandom Random { get; } = new();

    /// <summary>The seed last given to <see cref="SetRandomSeeds"/>, or null. Configuration: a restore compares it with the checkpoint's and never changes it.</summary>
    public long? Seed { get; private set; }

    /// <summary>The registered names, in the order they are saved (ordinal).</summary>
    public IReadOnlyList<string> Names
    {
        get { lock (_gate) return [.. _registered.Keys]; }
    }

    /// <summary>
    /// Seeds everything: torch's CPU generator (<c>torch.manual_seed</c>), every CUDA device's
    /// generator when CUDA is available (<c>torch.cuda.manual_seed_all</c>), <see cref="Random"/>,
    /// and each registered generator. A registered generator gets a seed derived from
    /// <paramref name="seed"/> and its name, so two registered generators never produce the same
    /// stream; a general <see cref="ICheckpointable"/> registered without a reseed action is left alone.
    /// </summary>
    public void SetRandomSeeds(int seed)
    {
        lock (_gate)
        {
            torch.manual_seed(seed);
            if (torch.cuda.is_available()) torch.cuda.manual_seed_all(seed);
            Random.Reseed(seed);
            foreach (var (name, registration) in _registered)
                registration.Reseed?.Invoke(DeriveSeed(seed, name));
            Seed = seed;
        }
    }

    /// <summary>Saves and restores <paramref name="generator"/>'s state under <paramref name="name"/>; <see cref="SetRandomSeeds"/> seeds it.</summary>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    public void Register(string name, torch.Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        Add(name, new Registration(generator, seed => generator.manual_seed(seed)));
    }

    /// <summary>Saves and restores <paramref name="random"/>'s state under <paramref name="name"/>; <see cref="SetRandomSeeds"/> seeds it.</summary>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    public void Register(string name, CheckpointableRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Add(name, new Registration(random, random.Reseed));
    }

    /// <summary>
    /// Saves and restores any checkpointable generator under <paramref name="name"/>.
    /// <paramref name="reseed"/>, when given, is called by <see cref="SetRandomSeeds"/> with a seed derived from the global seed and the name.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    public void Register(string name, ICheckpointable generator, Action<long>? reseed = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        Add(name, new Registration(generator, reseed));
    }

    /// <summary>Stops saving the generator registered under <paramref name="name"/>; false when none was.</summary>
    public bool Unregister(string name)
    {
        lock (_gate) return _registered.Remove(name);
    }

    /// <summary>The seed <see cref="SetRandomSeeds"/> gives the generator registered as <paramref name="name"/>: stable across processes, machines and .NET versions.</summary>
    public static long DeriveSeed(long seed, string name) =>
        (long)XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(name), seed);

    void ICheckpointable.WriteCheckpoint(CheckpointWriter writer)
    {
        lock (_gate)
        {
            writer.BeginConfiguration(SeedKey);
            if (Seed is { } seed) writer.WriteInt64(seed); else writer.WriteNull();
            writer.EndMember();

            writer.BeginMember(TorchCpuKey);
            writer.WritePrimitiveArray<byte>(TorchCpuRng.GetState());
            writer.EndMember();

            writer.BeginMember(ManagedKey);
            writer.WriteObject(Random);
            writer.EndMember();

            foreach (var (name, registration) in _registered)
            {
                writer.BeginMember(GeneratorKeyPrefix + name);
                writer.WriteObject(registration.Generator);
                writer.EndMember();
            }
        }
    }

    void ICheckpointable.ReadCheckpoint(CheckpointReader reader)
    {
        lock (_gate)
        {
            // The seed defines the experiment (the benchmark's class order, the model's initial weights):
            // compared, never restored, so a resume with another seed is refused (docs/experiment-identity.md).
            if (reader.TryBeginConfiguration(SeedKey))
            {
                long? saved = reader.TryReadNull() ? null : reader.ReadInt64();
                reader.EndMember();
                reader.CompareConfiguration(SeedKey, saved, Seed, ConfigurationChange.Refuse);
            }

            if (reader.TryBeginMember(TorchCpuKey))
            {
                var state = reader.ReadPrimitiveSpan<byte>();
                TorchCpuRng.SetState(state, $"{reader.CurrentTypeName}.{TorchCpuKey}");
                if (torch.cuda.is_available()) torch.cuda.manual_seed_all((long)XxHash64.HashToUInt64(state));
                reader.EndMember();
            }

            if (reader.TryBeginMember(ManagedKey))
            {
                reader.ReadObject(Random);
                reader.EndMember();
            }

            foreach (var (name, registration) in _registered)
            {
                if (!reader.TryBeginMember(GeneratorKeyPrefix + name)) continue;
                reader.ReadObject(registration.Generator);
                reader.EndMember();
            }
        }
    }

    private void Add(string name, Registration registration)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_gate)
        {
            if (!_registered.TryAdd(name, registration))
                throw new ArgumentException($"A random generator is already registered as '{name}'; unregister it first or choose another name.", nameof(name));
        }
    }

    private sealed record Registration(object Generator, Action<long>? Reseed);
}
