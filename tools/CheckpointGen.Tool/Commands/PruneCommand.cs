using System.CommandLine;

namespace CheckpointGen.Tool.Commands;

/// <summary>
/// <c>prune STORAGE --keep N</c>: keeps the newest N checkpoints that verify and deletes the older
/// ones. A damaged checkpoint newer than the oldest kept one is left alone (and named), and when
/// fewer than N verify nothing is deleted: pruning never leaves a storage without a good checkpoint.
/// </summary>
internal static class PruneCommand
{
    public static Command Create(TextWriter output)
    {
        var storageArgument = new Argument<string>("STORAGE") { Description = "The storage: a checkpoint folder, azure://container/prefix or s3://bucket/prefix." };
        var keep = new Option<int>("--keep") { Description = "How many intact checkpoints to keep (at least 1).", Required = true };
        keep.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--keep must be at least 1.");
        });
        var command = new Command("prune", "Delete all but the newest N intact checkpoints of a storage.") { storageArgument, keep };
        command.SetAction(parsed =>
        {
            int count = parsed.GetValue(keep);
            using var opened = StorageAddress.Open(parsed.GetValue(storageArgument)!);
            var kept = new List<Storage.CheckpointInfo>();
            foreach (var checkpoint in opened.Storage.List())
            {
                if (kept.Count == count) break;
                if (opened.Problem(checkpoint) is { } problem) output.WriteLine($"Keeping {checkpoint}, which is DAMAGED ({problem}), for a person to look at.");
                else kept.Add(checkpoint);
            }
            if (kept.Count < count)
            {
                output.WriteLine($"Only {kept.Count} intact checkpoint(s), no more than --keep {count}: nothing deleted.");
                return ExitCodes.Ok;
            }
            long oldestKept = kept[^1].Sequence;
            int deleted = 0;
            foreach (var checkpoint in opened.Storage.List().Where(c => c.Sequence < oldestKept))
            {
                opened.Storage.Delete(checkpoint);
                output.WriteLine($"Deleted {checkpoint}.");
                deleted++;
            }
            output.WriteLine($"Kept {string.Join(", ", kept.Select(c => c.Sequence))}; deleted {deleted}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
