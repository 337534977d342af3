using TorchSharp;

namespace CheckpointGen;

/// <summary>How a checkpoint is restored.</summary>
public sealed class CheckpointLoadOptions
{
    /// <summary>
    /// Puts every tensor on this device, whatever device it was saved from: cuda→cpu,
    /// cuda:0→cuda:1 and cpu→cuda all work. Null (the default) returns each tensor to the device it
    /// was saved from. Takes precedence over <see cref="MapDevice"/>.
    /// </summary>
    public torch.Device? MapLocation { get; init; }

    /// <summary>
    /// Chooses a device per saved device (called with the saved device, e.g. cuda:1; return the
    /// device to use). Used when <see cref="MapLocation"/> is null.
    /// </summary>
    public Func<torch.Device, torch.Device>? MapDevice { get; init; }

    /// <summary>
    /// When true, a key the file has but the code does not, or a key the code has but the file
    /// lacks, fails the restore instead of being reported in <see cref="RestoreReport"/>.
    /// </summary>
    public bool Strict { get; init; }

    /// <summary>
    /// When true, configuration that differs from the checkpoint's (<see cref="CheckpointConfigurationAttribute"/>)
    /// does not refuse the restore: the run continues with its own configuration, and every difference is
    /// in <see cref="RestoreReport.ConfigurationDifferences"/>. For people who mean to continue an experiment
    /// with other settings; the result is not the experiment the checkpoint started.
    /// </summary>
    public bool AcceptConfigurationChanges { get; init; }

    /// <summary>The defaults: tensors return to their own device, schema differences are reported, refused configuration changes throw.</summary>
    public static CheckpointLoadOptions Default { get; } = new();
}
