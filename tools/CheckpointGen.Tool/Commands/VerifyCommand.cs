using System.CommandLine;

namespace CheckpointGen.Tool.Commands;

/// <summary><c>verify FILE|STORAGE</c>: every checksum of one checkpoint, or of every checkpoint of a storage.</summary>
internal static class VerifyCommand
{
    public static Command Create(TextWriter output)
    {
        var target = new Argument<string>("FILE|STORAGE") { Description = "A checkpoint file, or a storage folder (every checkpoint in it)." };
        var command = new Command("verify", $"Check every checksum. Exit code {ExitCodes.Ok}: intact; {ExitCodes.Damaged}: damaged; {ExitCodes.NotACheckpoint}: not a checkpoint.") { target };
        command.SetAction(parsed =>
        {
            string path = parsed.GetValue(target)!;
            return File.Exists(path) ? VerifyFile(output, path) : VerifyStorage(output, path);
        });
        return command;
    }

    private static int VerifyFile(TextWriter output, string path)
    {
        var description = CheckpointInput.Describe(path, verify: true);
        output.WriteLine($"'{path}': intact (format {description.FormatVersion}, {description.Tensors.Count} tensors, {description.FileLength:N0} bytes).");
        return ExitCodes.Ok;
    }

    private static int VerifyStorage(TextWriter output, string address)
    {
        using var opened = StorageAddress.Open(address);
        var checkpoints = opened.Storage.List();
        if (checkpoints.Count == 0)
            throw new ToolException(ExitCodes.NotFound, $"'{address}' holds no checkpoints.");
        int damaged = 0;
        foreach (var checkpoint in checkpoints)
        {
            string? problem = opened.Problem(checkpoint);
            output.WriteLine(problem is null ? $"{checkpoint}: intact" : $"{checkpoint}: DAMAGED: {problem}");
            if (problem is not null) damaged++;
        }
        output.WriteLine(damaged == 0 ? $"All {checkpoints.Count} checkpoints intact." : $"{damaged} of {checkpoints.Count} checkpoints damaged.");
        return damaged == 0 ? ExitCodes.Ok : ExitCodes.Damaged;
    }
}
