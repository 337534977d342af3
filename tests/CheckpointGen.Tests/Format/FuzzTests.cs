using CheckpointGen.Inspection;
using CheckpointGen.Tests.Format.Support;

namespace CheckpointGen.Tests.Format;

/// <summary>
/// Seeded mutation fuzzing: whatever the damage, restoring and inspecting either succeed or throw
/// a <see cref="CheckpointException"/> — never IndexOutOfRange, OutOfMemory, a hang or a crash.
/// </summary>
public sealed class FuzzTests
{
    private static readonly byte[] File = CheckpointBytes.Save(new TrainingState());

    [Fact]
    public void Random_mutations_of_a_valid_file_succeed_or_throw_a_checkpoint_exception()
    {
        var random = new Random(20240601);
        for (int iteration = 0; iteration < 2000; iteration++)
        {
            byte[] mutated = Mutations.Apply(File, random, out string how);
            AssertContained(mutated, $"iteration {iteration} ({how})");
        }
    }

    [Fact]
    public void Random_mutations_behind_recomputed_checksums_succeed_or_throw_a_checkpoint_exception()
    {
        // Blind mutations stop at the checksums; re-hashing the mutated manifest or tensor table
        // sends the damage into the parsers behind them.
        byte[] manifest = CheckpointBytes.ManifestOf(File);
        var footer = CheckpointBytes.Footer(File);
        byte[] table = File.AsSpan((int)footer.TableOffset, (int)footer.TableLength).ToArray();
        var random = new Random(77);
        for (int iteration = 0; iteration < 2000; iteration++)
        {
            bool inManifest = iteration % 4 != 3;
            byte[] section = Mutations.Apply(inManifest ? manifest : table, random, out string how);
            byte[] crafted = inManifest ? CheckpointBytes.Rebuild(File, manifest: section) : CheckpointBytes.Rebuild(File, table: section);
            AssertContained(crafted, $"iteration {iteration} ({(inManifest ? "manifest" : "table")}: {how})");
        }
    }

    private static void AssertContained(byte[] file, string what)
    {
        var restore = Record.Exception(() => CheckpointBytes.Restore(new TrainingState(), file));
        Assert.True(restore is null or CheckpointException, $"restore, {what}: {restore}");
        var inspect = Record.Exception(() => CheckpointInspector.Inspect(new MemoryStream(file)).Render());
        Assert.True(inspect is null or CheckpointException, $"inspect, {what}: {inspect}");
    }
}
