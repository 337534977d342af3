namespace CheckpointGen.Training.Checkpointing;

/// <summary>
/// Tells the user, after a training restore, what makes the resumed run differ from an uninterrupted
/// one: configuration the policy lets change (thread count, device, a larger epoch budget), changes
/// accepted with the override, and a checkpoint that records no identity to check (docs/experiment-identity.md).
/// </summary>
internal static class RestoreWarnings
{
    public static void Log(RestoreReport report, Action<string>? log)
    {
        var write = log ?? Console.Error.WriteLine;
        foreach (var difference in report.ConfigurationDifferences)
        {
            if (difference.Name == TorchThreadCheck.ConfigurationName)
                write(TorchThreadCheck.Warning(difference.Saved, difference.Current));
            else if (difference.IsRefused)
                write($"Warning: {difference}, accepted by the override: the run continues with this run's value and is not the experiment the checkpoint started.");
            else
                write($"Warning: {difference}; allowed on resume, the run continues with this run's value and will not be bit-identical to an uninterrupted one.");
        }
        if (report.MissingConfiguration.Count > 0)
            write($"Warning: the checkpoint does not record {string.Join(", ", report.MissingConfiguration)} (it was written before they were recorded): " +
                  "this run's benchmark and settings cannot be checked against it. Make sure they are the ones the checkpoint was saved with.");
    }
}
