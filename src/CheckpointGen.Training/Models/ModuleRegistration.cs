using static TorchSharp.torch;

namespace CheckpointGen.Training.Models;

/// <summary>Replaces a registered submodule of a TorchSharp module (what <c>setattr</c> does in PyTorch).</summary>
internal static class ModuleRegistration
{
    /// <summary>
    /// Puts <paramref name="replacement"/> under <paramref name="name"/> at the same place among the owner's
    /// children, as <c>setattr</c> does: the order of the children is the order of <c>parameters()</c>, so of
    /// the optimizer's parameters and of the gradients GEM and A-GEM flatten. TorchSharp can only remove a
    /// child and add one at the end, so the children after it are taken out and added back behind it.
    /// </summary>
    public static void Replace(nn.Module owner, string name, nn.Module replacement)
    {
        var children = owner.named_children().ToList();
        int at = children.FindIndex(c => c.name == name);
        var following = at < 0 ? [] : children.Skip(at + 1).ToList();
        // Registering null removes the entry; then the new one takes its name, and the followers their places.
        owner.register_module(name, null!);
        foreach (var (childName, _) in following) owner.register_module(childName, null!);
        owner.register_module(name, replacement);
        foreach (var (childName, child) in following) owner.register_module(childName, child);
    }
}
