using static TorchSharp.torch;

namespace CheckpointGen.Training.Models;

/// <summary>Replaces a registered submodule of a TorchSharp module (what <c>setattr</c> does in PyTorch).</summary>
internal static class ModuleRegistration
{
    public static void Replace(nn.Module owner, string name, nn.Module replacement)
    {
        // Registering null removes the entry; then the new one takes its name.
        owner.register_module(name, null!);
        owner.register_module(name, replacement);
    }
}
