using CheckpointGen.Tool.Tests.Support;

namespace CheckpointGen.Tool.Tests;

public sealed class VerifyCommandTests : ToolTestBase
{
    [Fact]
    public void Verify_of_an_intact_file_exits_ok()
    {
        var result = Run("verify", SaveToyRun(PathOf("run.ckpt")));
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("intact", result.Output);
    }

    [Fact]
    public void Verify_finds_a_flipped_byte_in_tensor_data_that_inspect_does_not_read()
    {
        string file = SaveToyRun(PathOf("run.ckpt"));
        DamageTensorData(file);
        Assert.Equal(ExitCodes.Ok, Run("inspect", file).ExitCode);
        Run("verify", file).AssertOneLineError(ExitCodes.Damaged, "is damaged");
    }

    [Fact]
    public void Verify_of_a_storage_checks_every_checkpoint_and_names_the_damaged_one()
    {
        string storage = StorageWithSteps("run", 1, 2, 3);
        Assert.Equal(ExitCodes.Ok, Run("verify", storage).ExitCode);
        DamageTensorData(Directory.GetFiles(storage, "checkpoint-*2.ckpt").Single());
        var result = Run("verify", storage);
        Assert.Equal(ExitCodes.Damaged, result.ExitCode);
        Assert.Contains("checkpoint 2 (checkpoint-000000000002.ckpt): DAMAGED", result.Output);
        Assert.Contains("1 of 3 checkpoints damaged", result.Output);
    }

    [Fact]
    public void Verify_of_a_foreign_file_exits_with_not_a_checkpoint()
    {
        string file = PathOf("image.png");
        File.WriteAllBytes(file, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]);
        Run("verify", file).AssertOneLineError(ExitCodes.NotACheckpoint, "not a CheckpointGen checkpoint");
    }

    [Fact]
    public void Verify_of_an_empty_storage_says_it_holds_none()
    {
        Directory.CreateDirectory(PathOf("empty"));
        Run("verify", PathOf("empty")).AssertOneLineError(ExitCodes.NotFound, "holds no checkpoints");
    }

    [Fact]
    public void A_wrong_command_line_gets_one_line_and_the_usage_code()
    {
        Run("verfy", "x").AssertOneLineError(ExitCodes.Usage, "see checkpointgen --help");
        Run("verify").AssertOneLineError(ExitCodes.Usage, "see checkpointgen --help");
    }
}
