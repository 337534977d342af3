using CheckpointGen.Tool.Tests.Support;
using TorchSharp;
using TorchSharp.PyBridge;

namespace CheckpointGen.Tool.Tests;

public sealed class ExportCommandTests : ToolTestBase
{
    private static readonly float[] ExpectedWeight = [0f, 0.1f, 0.2f, 0.3f, 1f, 1.1f, 1.2f, 1.3f, 2f, 2.1f, 2.2f, 2.3f];

    [Fact]
    public void Safetensors_export_is_read_by_a_reader_written_from_the_specification()
    {
        string file = SaveToyRun(PathOf("run.ckpt"));
        var result = Run("export", file, "--format", "safetensors");
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var (tensors, metadata) = SafetensorsReader.Read(PathOf("run.safetensors"));
        Assert.Equal(["Importance", "Model.bias", "Model.weight"], tensors.Keys.Order());
        Assert.Equal("pt", metadata["format"]);
        var weight = tensors["Model.weight"];
        Assert.Equal("F32", weight.DType);
        Assert.Equal([3L, 4L], weight.Shape);
        Assert.Equal(ExpectedWeight, SafetensorsReader.Floats(weight), (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal([0.0, 1, 2, 3, 4, 5], SafetensorsReader.Doubles(tensors["Importance"]));
        Assert.Equal("F64", tensors["Importance"].DType);
        // The writer pads the header so the data starts 8-byte aligned.
        Assert.Equal(0UL, BitConverter.ToUInt64(File.ReadAllBytes(PathOf("run.safetensors")).AsSpan(0, 8)) % 8);
    }

    [Fact]
    public void Select_exports_one_components_tensors_named_as_its_state_dict()
    {
        string file = SaveToyRun(PathOf("run.ckpt"));
        Assert.Equal(ExitCodes.Ok, Run("export", file, "--format", "safetensors", "--select", "model", "-o", PathOf("model.safetensors")).ExitCode);
        var (tensors, _) = SafetensorsReader.Read(PathOf("model.safetensors"));
        Assert.Equal(["bias", "weight"], tensors.Keys.Order());
    }

    [Fact]
    public void PyTorch_export_loads_back_into_a_module_of_the_same_shape()
    {
        string file = SaveToyRun(PathOf("run.ckpt"));
        Assert.Equal(ExitCodes.Ok, Run("export", file, "--format", "pytorch", "--select", "Model").ExitCode);
        using var module = torch.nn.Linear(4, 3);
        module.load_py(PathOf("run.pt"));
        Assert.Equal(ExpectedWeight, module.weight!.data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal([0f, -1f, -2f], module.bias!.data<float>().ToArray());
    }

    [PythonTorchFact]
    public void PyTorch_export_is_read_by_torch_load_in_python()
    {
        if (PythonTorch.Unavailable is { } reason) Assert.Fail("CI=true but " + reason);
        string file = SaveToyRun(PathOf("run.ckpt"));
        Assert.Equal(ExitCodes.Ok, Run("export", file, "--format", "pytorch", "-o", PathOf("all.pt")).ExitCode);
        var script = """
            import sys, torch
            d = torch.load(sys.argv[1])
            print(sorted(d.keys()))
            print(d['Model.weight'].dtype, list(d['Model.weight'].shape), round(float(d['Model.weight'].sum()), 4))
            print(d['Importance'].dtype, d['Importance'].tolist())
            """;
        var (exitCode, output) = PythonTorch.Run("-c", script, PathOf("all.pt"));
        Assert.True(exitCode == 0, output);
        Assert.Contains("['Importance', 'Model.bias', 'Model.weight']", output);
        Assert.Contains("torch.float32 [3, 4] 13.8", output);
        Assert.Contains("torch.float64 [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]", output);
    }

    [Fact]
    public void An_unknown_selection_lists_the_components_with_tensors()
    {
        string file = SaveToyRun(PathOf("run.ckpt"));
        Run("export", file, "--format", "safetensors", "--select", "optimizer").AssertOneLineError(ExitCodes.Failed, "'Model'");
    }

    [Fact]
    public void An_existing_output_is_not_replaced_without_force()
    {
        string file = SaveToyRun(PathOf("run.ckpt"));
        File.WriteAllText(PathOf("run.safetensors"), "keep me");
        Run("export", file, "--format", "safetensors").AssertOneLineError(ExitCodes.Failed, "--force");
        Assert.Equal("keep me", File.ReadAllText(PathOf("run.safetensors")));
        Assert.Equal(ExitCodes.Ok, Run("export", file, "--format", "safetensors", "--force").ExitCode);
    }

    [Fact]
    public void An_unknown_format_or_a_damaged_file_gets_one_line()
    {
        string file = SaveToyRun(PathOf("run.ckpt"));
        Run("export", file, "--format", "onnx").AssertOneLineError(ExitCodes.Usage, "onnx");
        DamageTensorData(file);
        Run("export", file, "--format", "safetensors").AssertOneLineError(ExitCodes.Damaged, "is damaged");
        Assert.False(File.Exists(PathOf("run.safetensors")));
    }
}
