namespace CheckpointGen.Configuration;

/// <summary>Refuses a restore whose refused configuration differences the options do not accept.</summary>
internal static class ConfigurationPolicy
{
    public static RestoreReport Enforce(RestoreReport report, CheckpointLoadOptions options)
    {
        var refused = report.RefusedDifferences.ToList();
        if (refused.Count == 0 || options.AcceptConfigurationChanges) return report;
        throw new ConfigurationMismatchException(
            $"The checkpoint was saved by a different experiment:{string.Concat(refused.Select(d => $"{Environment.NewLine}  - {d}"))}{Environment.NewLine}" +
            "Resume it with the checkpoint's settings, start this experiment in a new folder, or set " +
            "CheckpointLoadOptions.AcceptConfigurationChanges (CheckpointPlugin's acceptConfigurationChanges) to continue it with this run's settings anyway.",
            report.ConfigurationDifferences);
    }
}
