using System.Text.Json;
using CheckpointGen.Tool.Tests.Support;

namespace CheckpointGen.Tool.Tests;

public sealed class InspectCommandTests : ToolTestBase
{
    [Fact]
    public void Inspect_shows_the_tree_of_components_members_and_tensors()
    {
        string file = SaveToyRun(PathOf("run.ckpt"));
        var result = Run("inspect", file);
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("checkpoint format 1.", result.Output);
        Assert.Contains("Step: Int32 7", result.Output);
        Assert.Contains("training: true", result.Output);
        Assert.Contains("Seen: ", result.Output);
        Assert.Contains("Importance: tensor Float64 [2, 3] cpu, 48 bytes", result.Output);
        // The module's parameters sit under the member that holds it, named as in a state_dict.
        var lines = result.Output.Split('\n');
        int model = Array.FindIndex(lines, l => l.Contains("Model: "));
        Assert.True(model >= 0, result.Output);
        Assert.True(lines.Skip(model + 1).Any(l => l.StartsWith("│  ") && l.Contains("weight: tensor Float32 [3, 4] cpu requires_grad")), result.Output);
    }

    [Fact]
    public void Inspect_json_names_every_tensor_by_its_path()
    {
        string file = SaveToyRun(PathOf("run.ckpt"));
        var result = Run("inspect", file, "--json");
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var root = JsonDocument.Parse(result.Output).RootElement;
        var names = root.GetProperty("tensors").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToHashSet();
        Assert.Equal(["Importance", "Model.bias", "Model.weight"], names.Order());
        var weight = root.GetProperty("tensors").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Model.weight");
        Assert.Equal([3L, 4L], weight.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal("Float32", weight.GetProperty("dtype").GetString());
        Assert.Contains(root.GetProperty("components").EnumerateArray(), c => c.GetProperty("path").GetString() == "Model");
    }

    [Fact]
    public void Inspect_of_a_missing_file_says_so()
    {
        Run("inspect", PathOf("missing.ckpt")).AssertOneLineError(ExitCodes.NotFound, "no such file");
    }

    [Fact]
    public void Inspect_of_a_folder_says_it_is_not_a_checkpoint_file()
    {
        Run("inspect", Folder).AssertOneLineError(ExitCodes.NotACheckpoint, "is a folder");
    }

    [Fact]
    public void Inspect_of_a_foreign_file_says_it_is_not_a_checkpoint()
    {
        string file = PathOf("notes.txt");
        File.WriteAllText(file, "these are not the weights you are looking for");
        Run("inspect", file).AssertOneLineError(ExitCodes.NotACheckpoint, "not a CheckpointGen checkpoint");
    }

    [Fact]
    public void Inspect_of_a_truncated_checkpoint_says_it_is_damaged()
    {
        string file = SaveToyRun(PathOf("run.ckpt"));
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..(bytes.Length - 100)]);
        Run("inspect", file).AssertOneLineError(ExitCodes.Damaged, "is damaged");
    }
}
