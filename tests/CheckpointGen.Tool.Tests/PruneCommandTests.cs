using CheckpointGen.Tool.Tests.Support;

namespace CheckpointGen.Tool.Tests;

public sealed class PruneCommandTests : ToolTestBase
{
    private static long[] Steps(string storage) =>
        [.. Directory.GetFiles(storage, "checkpoint-*.ckpt").Select(f => long.Parse(Path.GetFileNameWithoutExtension(f)["checkpoint-".Length..])).Order()];

    [Fact]
    public void Prune_keeps_the_newest_n_and_deletes_the_rest()
    {
        string storage = StorageWithSteps("run", 1, 2, 3, 4);
        var result = Run("prune", storage, "--keep", "2");
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal([3L, 4L], Steps(storage));
        Assert.Contains("deleted 2", result.Output);
    }

    [Fact]
    public void Prune_counts_only_intact_checkpoints_and_leaves_a_damaged_newer_one_in_place()
    {
        string storage = StorageWithSteps("run", 1, 2, 3);
        DamageTensorData(Directory.GetFiles(storage, "checkpoint-*3.ckpt").Single());
        var result = Run("prune", storage, "--keep", "1");
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal([2L, 3L], Steps(storage));
        Assert.Contains("DAMAGED", result.Output);
    }

    [Fact]
    public void Prune_deletes_nothing_when_fewer_than_n_are_intact()
    {
        string storage = StorageWithSteps("run", 1, 2);
        DamageTensorData(Directory.GetFiles(storage, "checkpoint-*2.ckpt").Single());
        Assert.Equal(ExitCodes.Ok, Run("prune", storage, "--keep", "2").ExitCode);
        Assert.Equal([1L, 2L], Steps(storage));
    }

    [Fact]
    public void Prune_refuses_keep_zero_and_a_missing_keep()
    {
        string storage = StorageWithSteps("run", 1);
        Run("prune", storage, "--keep", "0").AssertOneLineError(ExitCodes.Usage, "--keep must be at least 1");
        Run("prune", storage).AssertOneLineError(ExitCodes.Usage, "--keep");
        Assert.Equal([1L], Steps(storage));
    }
}
