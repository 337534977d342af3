using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Models;

/// <summary>
/// A model's module tree in PyTorch's order. TorchSharp 0.107's <c>named_modules()</c> lists all of a
/// module's children before any grandchild and leaves out the module itself; PyTorch's (and so every
/// rule Avalanche states in terms of it, such as "the last Linear") is depth-first pre-order from the
/// module itself, each module once. docs/architecture.md, "Module and parameter order", lists where the
/// runtime relies on which order.
/// </summary>
public static class ModuleTree
{
    /// <summary>
    /// PyTorch's <c>named_modules()</c>: <paramref name="model"/> itself (name <c>""</c>), then each child
    /// in registration order followed by its own subtree; a module reachable twice is listed once, under
    /// its first name.
    /// </summary>
    public static IEnumerable<(string Name, nn.Module Module)> NamedModules(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var seen = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(string Name, nn.Module Module)>();
        pending.Push(("", model));
        while (pending.Count > 0)
        {
            var (name, module) = pending.Pop();
            if (!seen.Add(module)) continue;
            yield return (name, module);
            var children = module.named_children().ToList();
            for (int i = children.Count - 1; i >= 0; i--)
            {
                var (childName, child) = children[i];
                if (child is null) continue;
                pending.Push((name.Length == 0 ? childName : name + "." + childName, child));
            }
        }
    }

    /// <summary>
    /// Avalanche's <c>get_last_fc_layer</c>: the last <see cref="Linear"/> in PyTorch's module order
    /// (for a <c>features</c> body registered before a <c>classifier</c>, the classifier), or null.
    /// </summary>
    public static (string Name, Linear Layer)? LastLinear(nn.Module model)
    {
        (string, Linear)? last = null;
        foreach (var (name, module) in NamedModules(model))
            if (module is Linear linear) last = (name, linear);
        return last;
    }

    /// <summary>
    /// The names <paramref name="model"/>'s <c>named_parameters()</c> gives the parameters of <paramref name="submodule"/>
    /// (a parameter shared with an earlier module keeps that module's name, as in PyTorch).
    /// </summary>
    public static IReadOnlyList<string> ParameterNamesOf(nn.Module model, nn.Module submodule)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(submodule);
        var own = submodule.parameters().Select(p => p.Handle).ToHashSet();
        return [.. model.named_parameters().Where(p => own.Contains(p.parameter.Handle)).Select(p => p.name)];
    }
}
