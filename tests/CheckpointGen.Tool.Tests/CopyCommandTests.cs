using CheckpointGen.Tool.Tests.Support;

namespace CheckpointGen.Tool.Tests;

public sealed class CopyCommandTests : ToolTestBase
{
    [Fact]
    public void Cp_copies_every_checkpoint_into_a_new_storage_byte_for_byte()
    {
        string source = StorageWithSteps("source", 1, 2, 3);
        var result = Run("cp", source, PathOf("copy"));
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        foreach (var file in Directory.GetFiles(source, "*.ckpt"))
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(PathOf("copy", Path.GetFileName(file))));
        Assert.Equal(ExitCodes.Ok, Run("verify", PathOf("copy")).ExitCode);
    }

    [Fact]
    public void Cp_with_step_copies_one_checkpoint()
    {
        string source = StorageWithSteps("source", 1, 2, 3);
        Assert.Equal(ExitCodes.Ok, Run("cp", source, PathOf("copy"), "--step", "2").ExitCode);
        Assert.Equal(["checkpoint-000000000002.ckpt"], Directory.GetFiles(PathOf("copy"), "*.ckpt").Select(Path.GetFileName));
        Run("cp", source, PathOf("other"), "--step", "9").AssertOneLineError(ExitCodes.NotFound, "no checkpoint at step 9");
    }

    [Fact]
    public void Cp_refuses_a_destination_with_the_same_or_newer_steps_and_changes_nothing()
    {
        string source = StorageWithSteps("source", 1, 2);
        string destination = StorageWithSteps("destination", 5);
        var before = File.ReadAllBytes(Directory.GetFiles(destination, "*.ckpt").Single());
        Run("cp", source, destination).AssertOneLineError(ExitCodes.Failed, "already holds step(s) 5");
        Assert.Equal(before, File.ReadAllBytes(Directory.GetFiles(destination, "*.ckpt").Single()));
        Assert.Single(Directory.GetFiles(destination, "*.ckpt"));
    }

    [Fact]
    public void Cp_refuses_to_copy_a_damaged_checkpoint()
    {
        string source = StorageWithSteps("source", 1, 2);
        DamageTensorData(Directory.GetFiles(source, "checkpoint-*2.ckpt").Single());
        Run("cp", source, PathOf("copy")).AssertOneLineError(ExitCodes.Damaged, "damaged, nothing copied");
        Assert.False(Directory.Exists(PathOf("copy")));
    }
}
