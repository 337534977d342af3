using CheckpointGen.Tensors;
using TorchSharp;

namespace CheckpointGen.Training.Checkpointing;

/// <summary>The load options of a training restore, from the <c>mapLocation</c> the user passed.</summary>
internal static class RestoreOptions
{
    /// <summary>
    /// With a <paramref name="mapLocation"/>, every tensor goes there. Without one, tensors go back
    /// where they were saved; a tensor saved on CUDA, on a machine without CUDA, stops the restore
    /// with a message in the training API's own terms (the core's names CheckpointLoadOptions).
    /// </summary>
    public static CheckpointLoadOptions For(torch.Device? mapLocation, bool acceptConfigurationChanges) =>
        mapLocation is not null
            ? new CheckpointLoadOptions { MapLocation = mapLocation, AcceptConfigurationChanges = acceptConfigurationChanges }
            : new CheckpointLoadOptions { MapDevice = SavedDeviceIfPresent, AcceptConfigurationChanges = acceptConfigurationChanges };

    private static torch.Device SavedDeviceIfPresent(torch.Device saved)
    {
        if (saved.type == DeviceType.CUDA && !torch.cuda.is_available())
            throw new CheckpointMismatchException(
                $"The checkpoint holds tensors saved on {DeviceDescriptor.From(saved)}, and this machine has no CUDA device. " +
                "Pass mapLocation: torch.CPU (to CheckpointPlugin or Checkpointing.MaybeLoad) to restore them on the CPU.");
        return saved;
    }
}
