using CheckpointGen.Format;
using CheckpointGen.Randomness;
using CheckpointGen.Tests.Format.Support;
using MemoryPack;
using TorchSharp;
using Xunit;

namespace CheckpointGen.Tests.Randomness;

[Collection(TorchGlobalRngCollection.Name)]
public sealed class RngManagerTests
{
    private const string RegistryType = "CheckpointGen.Randomness.RngRegistry";

    [Fact]
    public void The_same_seed_gives_the_same_torch_and_managed_sequences()
    {
        RngManager.SetRandomSeeds(123);
        var first = DrawGlobal();
        RngManager.SetRandomSeeds(123);
        var second = DrawGlobal();
        Assert.Equal(123, RngManager.Default.Seed);
        RngManager.SetRandomSeeds(124);
        var other = DrawGlobal();

        Assert.Equal(first, second);
        Assert.NotEqual(first.Randn, other.Randn);
        Assert.NotEqual(first.Managed, other.Managed);
    }

    [Fact]
    public void Restoring_the_rng_state_replays_torch_managed_and_registered_generators()
    {
        using var generator = new torch.Generator(1);
        var sampler = new CheckpointableRandom(1);
        using var registration = Registered(("data-order", generator), ("sampler", sampler));
        RngManager.SetRandomSeeds(5);
        DrawAll(generator, sampler);

        using var saved = new MemoryStream();
        Checkpoint.Save(RngManager.Default, saved);
        var before = DrawAll(generator, sampler);

        saved.Position = 0;
        var report = Checkpoint.Restore(RngManager.Default, saved);
        var after = DrawAll(generator, sampler);

        Assert.True(report.IsExact, report.ToString());
        Assert.Equal(before.Global, after.Global);
        Assert.Equal(before.Generator, after.Generator);
        Assert.Equal(before.Sampler, after.Sampler);
        Assert.Equal(before.Dropout, after.Dropout);
    }

    [Fact]
    public void Registered_generators_are_seeded_with_distinct_seeds_derived_from_their_names()
    {
        using var a = new torch.Generator(1);
        using var b = new torch.Generator(1);
        var c = new CheckpointableRandom(1);
        using var registration = Registered(("a", a), ("b", b), ("c", c));

        RngManager.SetRandomSeeds(77);

        Assert.Equal(RngRegistry.DeriveSeed(77, "a"), (long)a.initial_seed());
        Assert.Equal(RngRegistry.DeriveSeed(77, "b"), (long)b.initial_seed());
        Assert.NotEqual(a.initial_seed(), b.initial_seed());
        Assert.Equal(new CheckpointableRandom(RngRegistry.DeriveSeed(77, "c")).GetState(), c.GetState());
    }

    [Fact]
    public void A_registered_name_the_checkpoint_lacks_is_reported_missing_and_keeps_its_state()
    {
        RngManager.SetRandomSeeds(9);
        using var saved = new MemoryStream();
        Checkpoint.Save(RngManager.Default, saved);

        var late = new CheckpointableRandom(1234);
        using var registration = Registered(("late", late));
        ulong[] state = late.GetState();
        saved.Position = 0;
        var report = Checkpoint.Restore(RngManager.Default, saved);

        Assert.Equal([$"{RegistryType}.generator:late"], report.MissingKeys);
        Assert.Equal(state, late.GetState());

        saved.Position = 0;
        var strict = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Restore(RngManager.Default, saved, new CheckpointLoadOptions { Strict = true }));
        Assert.Contains("generator:late", strict.Message);
    }

    [Fact]
    public void A_name_in_the_checkpoint_that_is_no_longer_registered_is_reported_skipped()
    {
        var gone = new CheckpointableRandom(1);
        using var saved = new MemoryStream();
        using (Registered(("gone", gone))) Checkpoint.Save(RngManager.Default, saved);

        saved.Position = 0;
        var report = Checkpoint.Restore(RngManager.Default, saved);

        Assert.Equal([$"{RegistryType}.generator:gone"], report.SkippedKeys);
    }

    [Fact]
    public void A_name_registered_twice_is_refused()
    {
        var first = new CheckpointableRandom(1);
        using var registration = Registered(("twice", first));

        var error = Assert.Throws<ArgumentException>(() => RngManager.Register("twice", new CheckpointableRandom(2)));
        Assert.Contains("'twice'", error.Message);
    }

    [Fact]
    public void A_torch_cpu_state_of_the_wrong_length_is_a_mismatch_not_a_process_abort()
    {
        RngManager.SetRandomSeeds(31);
        byte[] file = SaveToBytes(RngManager.Default);
        byte[] forged = WithTorchStateLengthOneShort(file);
        // Nothing else is wrong with the file: it passes every checksum.
        using (var forgedStream = new MemoryStream(forged))
        {
            RngManager.SetRandomSeeds(32);
            using var expected = torch.get_rng_state();

            var error = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Restore(RngManager.Default, forgedStream));

            Assert.Contains("torch CPU RNG state has 5055 bytes", error.Message);
            Assert.Contains($"{RegistryType}.torch_cpu", error.Message);
            using var after = torch.get_rng_state();
            Assert.Equal(expected.bytes.ToArray(), after.bytes.ToArray());
        }
        using var stillAlive = torch.randn(4);
        Assert.Equal(4, stillAlive.shape[0]);
    }

    private sealed record Draws(float[] Randn, long[] Randperm, long[] Managed)
    {
        public bool Equals(Draws? other) =>
            other is not null && Randn.SequenceEqual(other.Randn) && Randperm.SequenceEqual(other.Randperm) && Managed.SequenceEqual(other.Managed);

        public override int GetHashCode() => Randn.Length;
    }

    private static Draws DrawGlobal()
    {
        using var randn = torch.randn(64);
        using var randperm = torch.randperm(50);
        return new Draws(randn.data<float>().ToArray(), randperm.data<long>().ToArray(),
            [.. Enumerable.Range(0, 8).Select(_ => RngManager.Random.NextInt64())]);
    }

    private static (Draws Global, float[] Generator, double[] Sampler, float[] Dropout) DrawAll(torch.Generator generator, CheckpointableRandom sampler)
    {
        var global = DrawGlobal();
        using var fromGenerator = torch.randn(32, generator: generator);
        using var ones = torch.ones(256);
        using var dropped = torch.nn.functional.dropout(ones, 0.5, training: true);
        return (global,
            fromGenerator.data<float>().ToArray(),
            [.. Enumerable.Range(0, 8).Select(_ => sampler.NextDouble())],
            dropped.data<float>().ToArray());
    }

    private static byte[] SaveToBytes(object root)
    {
        using var stream = new MemoryStream();
        Checkpoint.Save(root, stream);
        return stream.ToArray();
    }

    /// <summary>
    /// Rewrites the torch CPU state's length (5056 → 5055) in the manifest and in the block table
    /// (the state, above the block threshold, is stored as a block), fixing every checksum, as a
    /// checkpoint from a libtorch with another state size would look.
    /// </summary>
    private static byte[] WithTorchStateLengthOneShort(byte[] file)
    {
        byte[] manifest = CheckpointBytes.ManifestOf(file);
        // BlockArray tag, Byte element tag, varint 5056 (0xC0 0x27), varint block index.
        ReadOnlySpan<byte> pattern = [(byte)ValueTag.BlockArray, (byte)ValueTag.Byte, 0xC0, 0x27];
        int at = manifest.AsSpan().IndexOf(pattern);
        Assert.True(at >= 0, "the torch CPU state (Byte[5056] block) was not found in the manifest");
        manifest[at + 2] = 0xBF;
        int index = manifest[at + 4];
        Assert.True(index < 0x80, "the block index is a one-byte varint");
        var table = CheckpointBytes.DecodeTable(file);
        var block = table.Blocks[index];
        table.Blocks[index] = block with { Length = block.Length - 1, Hash = FileLayout.Hash(file.AsSpan((int)block.Offset, (int)block.Length - 1)) };
        return CheckpointBytes.Rebuild(file, manifest, MemoryPackSerializer.Serialize(table));
    }

    /// <summary>Registers generators on RngManager.Default for one test and unregisters them after.</summary>
    private static IDisposable Registered(params (string Name, object Generator)[] generators)
    {
        foreach (var (name, generator) in generators)
        {
            switch (generator)
            {
                case torch.Generator g: RngManager.Register(name, g); break;
                case CheckpointableRandom r: RngManager.Register(name, r); break;
                default: throw new ArgumentException(name);
            }
        }
        return new Unregister([.. generators.Select(g => g.Name)]);
    }

    private sealed class Unregister(string[] names) : IDisposable
    {
        public void Dispose()
        {
            foreach (string name in names) RngManager.Unregister(name);
        }
    }
}
