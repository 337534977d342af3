using System.CommandLine;
using CheckpointGen.Storage;

namespace CheckpointGen.Tool.Commands;

/// <summary>
/// <c>cp SOURCE DESTINATION [--step N]</c>: copies checkpoints (all, or one step) from one storage
/// to another, oldest first, each verified before it is written. Refuses, before copying anything,
/// when the destination already holds a step being copied or a newer one (a storage's save
/// replaces the first and deletes the second), so nothing saved is lost.
/// </summary>
internal static class CopyCommand
{
    public static Command Create(TextWriter output)
    {
        var source = new Argument<string>("SOURCE") { Description = "The storage to copy from." };
        var destination = new Argument<string>("DESTINATION") { Description = "The storage to copy to (a folder is created if needed)." };
        var step = new Option<long?>("--step") { Description = "Copy only this step (default: every checkpoint)." };
        var command = new Command("cp", "Copy checkpoints from one storage to another.") { source, destination, step };
        command.SetAction(parsed =>
        {
            using var from = StorageAddress.Open(parsed.GetValue(source)!);
            var wanted = parsed.GetValue(step);
            var checkpoints = from.Storage.List().Where(c => wanted is null || c.Sequence == wanted).OrderBy(c => c.Sequence).ToList();
            if (checkpoints.Count == 0)
                throw new ToolException(ExitCodes.NotFound, wanted is { } s ? $"'{from.Address}' has no checkpoint at step {s}." : $"'{from.Address}' holds no checkpoints.");
            foreach (var checkpoint in checkpoints)
            {
                if (from.Problem(checkpoint) is { } problem)
                    throw new ToolException(ExitCodes.Damaged, $"{checkpoint} in '{from.Address}' is damaged, nothing copied: {problem}");
            }
            using var to = StorageAddress.Open(parsed.GetValue(destination)!, create: true);
            var conflicting = to.Storage.List().Where(c => c.Sequence >= checkpoints[0].Sequence).ToList();
            if (conflicting.Count > 0)
                throw new ToolException(ExitCodes.Failed, $"'{to.Address}' already holds step(s) {string.Join(", ", conflicting.Select(c => c.Sequence))}, not older than step {checkpoints[0].Sequence} being copied; nothing copied (copy into an empty storage, or prune or choose --step).");
            foreach (var checkpoint in checkpoints)
            {
                to.Storage.Save(checkpoint.Sequence, stream =>
                {
                    using var input = from.Storage.OpenRead(checkpoint);
                    input.CopyTo(stream);
                });
                output.WriteLine($"Copied {checkpoint} to '{to.Address}'.");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
