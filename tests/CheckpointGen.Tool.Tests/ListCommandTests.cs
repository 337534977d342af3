using System.Text.Json;
using CheckpointGen.Tool.Tests.Support;

namespace CheckpointGen.Tool.Tests;

public sealed class ListCommandTests : ToolTestBase
{
    [Fact]
    public void Ls_lists_a_folders_checkpoints_newest_first_with_size_time_and_verified()
    {
        string storage = StorageWithSteps("run", 2, 5, 10);
        var result = Run("ls", storage);
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var rows = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        Assert.Equal(3, rows.Length);
        Assert.StartsWith("10", rows[0].Trim());
        Assert.StartsWith("5", rows[1].Trim());
        Assert.StartsWith("2", rows[2].Trim());
        Assert.All(rows, row => Assert.Contains("verified", row));
        Assert.Contains(DateTime.UtcNow.ToString("yyyy-MM-dd"), rows[0]);
    }

    [Fact]
    public void Ls_marks_a_damaged_checkpoint_and_exits_with_the_damaged_code()
    {
        string storage = StorageWithSteps("run", 1, 2);
        DamageTensorData(Directory.GetFiles(storage, "checkpoint-*2.ckpt").Single());
        var result = Run("ls", storage);
        Assert.Equal(ExitCodes.Damaged, result.ExitCode);
        Assert.Contains("DAMAGED", result.Output.Split('\n')[1]);
        Assert.Contains("verified", result.Output.Split('\n')[2]);
    }

    [Fact]
    public void Ls_json_gives_step_size_and_verified_per_checkpoint()
    {
        string storage = StorageWithSteps("run", 3);
        var result = Run("ls", storage, "--json");
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var entry = JsonDocument.Parse(result.Output).RootElement.EnumerateArray().Single();
        Assert.Equal(3, entry.GetProperty("step").GetInt64());
        Assert.True(entry.GetProperty("verified").GetBoolean());
        Assert.Equal(new FileInfo(Directory.GetFiles(storage, "*.ckpt").Single()).Length, entry.GetProperty("size").GetInt64());
    }

    [Fact]
    public void Ls_of_a_missing_folder_says_so_and_creates_nothing()
    {
        string missing = PathOf("nowhere");
        Run("ls", missing).AssertOneLineError(ExitCodes.NotFound, "no such storage folder");
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public void Ls_of_an_unknown_storage_address_names_the_scheme()
    {
        Run("ls", "gs://bucket/run").AssertOneLineError(ExitCodes.NotFound, "'gs://'");
    }

    [Fact]
    public void Ls_of_a_file_says_it_is_not_a_storage_folder()
    {
        string file = SaveToyRun(PathOf("one.ckpt"));
        Run("ls", file).AssertOneLineError(ExitCodes.NotACheckpoint, "not a storage folder");
    }

    [Fact]
    public void Ls_of_a_folder_another_process_holds_says_it_is_in_use()
    {
        string storage = StorageWithSteps("run", 1);
        using var held = new Storage.FileSystemCheckpointStorage(storage);
        var result = Run("ls", storage);
        result.AssertOneLineError(ExitCodes.Failed, "cannot be opened");
    }
}
