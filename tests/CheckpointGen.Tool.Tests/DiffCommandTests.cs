using CheckpointGen.Tool.Tests.Support;
using TorchSharp;

namespace CheckpointGen.Tool.Tests;

public sealed class DiffCommandTests : ToolTestBase
{
    [Fact]
    public void Diff_of_two_saves_of_the_same_state_finds_nothing()
    {
        var result = Run("diff", SaveToyRun(PathOf("a.ckpt")), SaveToyRun(PathOf("b.ckpt")));
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("Same state", result.Output);
    }

    [Fact]
    public void Diff_names_the_changed_member_and_the_tensor_with_its_max_abs_difference()
    {
        string a = SaveToyRun(PathOf("a.ckpt"));
        string b = SaveToyRun(PathOf("b.ckpt"), run =>
        {
            run.Step = 8;
            using (torch.no_grad())
            {
                using Scalar half = 0.5f, minusQuarter = -0.25f, one = 1;
                run.Weight[1, 2] = run.Weight[1, 2].add(half, one);
                run.Weight[0, 0] = run.Weight[0, 0].add(minusQuarter, one);
            }
        });
        var result = Run("diff", a, b);
        Assert.Equal(ExitCodes.Different, result.ExitCode);
        Assert.Contains("~ Step: Int32 7 in A, Int32 8 in B", result.Output);
        Assert.Contains("~ tensor Model.weight: Float32 [3, 4], max abs difference 0.5", result.Output);
        Assert.DoesNotContain("Model.bias", result.Output);
        Assert.DoesNotContain("Importance", result.Output);
        Assert.Contains("2 difference(s)", result.Output);
    }

    [Fact]
    public void Diff_sees_a_changed_element_beyond_what_inspect_shows()
    {
        // inspect shows the first 8 items of a list; diff compares the stored values.
        string a = SaveToyRun(PathOf("a.ckpt"), run => run.Seen.AddRange(Enumerable.Range(0, 20)));
        string b = SaveToyRun(PathOf("b.ckpt"), run => run.Seen.AddRange(Enumerable.Range(0, 19).Append(99)));
        var result = Run("diff", a, b);
        Assert.Equal(ExitCodes.Different, result.ExitCode);
        Assert.Contains("~ Seen:", result.Output);
    }

    [Fact]
    public void Diff_reports_a_tensor_of_another_shape()
    {
        string a = SaveToyRun(PathOf("a.ckpt"));
        string b = SaveToyRun(PathOf("b.ckpt"), run => run.Importance = torch.zeros(3, 3, dtype: torch.float64));
        var result = Run("diff", a, b);
        Assert.Contains("~ tensor Importance: Float64 [2, 3] in A, Float64 [3, 3] in B", result.Output);
    }

    [Fact]
    public void Diff_with_a_damaged_file_says_which_one()
    {
        string a = SaveToyRun(PathOf("a.ckpt"));
        string b = SaveToyRun(PathOf("b.ckpt"));
        DamageTensorData(b);
        Run("diff", a, b).AssertOneLineError(ExitCodes.Damaged, "b.ckpt' is damaged");
    }
}
