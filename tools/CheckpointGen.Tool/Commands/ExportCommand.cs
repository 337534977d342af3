using System.CommandLine;

namespace CheckpointGen.Tool.Commands;

/// <summary>
/// <c>export FILE --format safetensors|pytorch [--select PATH] [--output OUT]</c>: the tensors of a
/// checkpoint (or of one component, named relative to it, e.g. a model's <c>state_dict</c>) in a
/// format the Python world reads. The output is written under a temporary name and renamed.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter output)
    {
        var file = new Argument<string>("FILE") { Description = "A checkpoint file." };
        var format = new Option<string>("--format") { Description = "safetensors, or pytorch (a state_dict file for torch.load).", Required = true };
        format.AcceptOnlyFromAmong("safetensors", "pytorch");
        var select = new Option<string?>("--select") { Description = "Only this component's tensors, named relative to it: its path (see inspect) or its member name, e.g. model." };
        var outputFile = new Option<string?>("--output", "-o") { Description = "The file to write (default: FILE with .safetensors or .pt)." };
        var force = new Option<bool>("--force") { Description = "Replace the output file if it exists." };
        var command = new Command("export", "Write a checkpoint's tensors as safetensors or as a PyTorch state_dict.") { file, format, select, outputFile, force };
        command.SetAction(parsed =>
        {
            string path = parsed.GetValue(file)!;
            bool pytorch = parsed.GetValue(format) == "pytorch";
            string target = parsed.GetValue(outputFile) ?? Path.ChangeExtension(path, pytorch ? ".pt" : ".safetensors");
            if (Directory.Exists(target)) throw new ToolException(ExitCodes.Failed, $"'{target}' is a folder; give a file name with --output.");
            if (File.Exists(target) && !parsed.GetValue(force)) throw new ToolException(ExitCodes.Failed, $"'{target}' exists; pass --force to replace it.");

            var tree = CheckpointTree.Build(CheckpointInput.Describe(path, verify: true));
            var selected = parsed.GetValue(select) is { } selector
                ? tree.TensorsOf(tree.Select(selector)).ToList()
                : Enumerable.Range(0, tree.TensorNames.Count).Select(i => (Name: tree.TensorNames[i], Tensor: tree.Description.Tensors[i])).ToList();
            if (selected.Count == 0) throw new ToolException(ExitCodes.Failed, $"'{path}' has no tensors{(parsed.GetValue(select) is { } s ? $" under '{s}'" : "")} to export.");
            var tensors = selected.Select(t => (t.Name, t.Tensor.DType, t.Tensor.Shape, t.Tensor.Length)).ToList();
            byte[] ReadBytes(int i) => CheckpointInput.ReadTensorBytes(path, selected[i].Tensor);

            string temporary = target + $".{Environment.ProcessId}.tmp";
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
                {
                    if (pytorch) PyTorchExport.Write(stream, tensors, ReadBytes);
                    else SafetensorsWriter.Write(stream, tensors, ReadBytes, new Dictionary<string, string> { ["format"] = "pt" });
                }
                File.Move(temporary, target, overwrite: true);
            }
            finally
            {
                File.Delete(temporary);
            }
            output.WriteLine($"Wrote {tensors.Count} tensors to '{target}' ({(pytorch ? "PyTorch state_dict" : "safetensors")}).");
            return ExitCodes.Ok;
        });
        return command;
    }
}
