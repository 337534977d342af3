using CheckpointGen.Benchmarks.Scenarios;
using TorchSharp;

namespace CheckpointGen.Training.Models;

/// <summary>Walks a model's module tree for its <see cref="IDynamicModule"/>s.</summary>
public static class DynamicModules
{
    /// <summary>
    /// Every dynamic module in <paramref name="model"/> (itself included) in PyTorch's <c>model.modules()</c> order,
    /// which Avalanche's model adaptation walks: a layer a module grows draws its initial weights from torch's
    /// generator, so the order decides which module gets which draws.
    /// </summary>
    public static IEnumerable<IDynamicModule> In(torch.nn.Module model) =>
        ModuleTree.NamedModules(model).Select(m => m.Module).OfType<IDynamicModule>();

    /// <summary>Adapts every dynamic module of <paramref name="model"/> to <paramref name="experience"/>.</summary>
    public static void Adapt(torch.nn.Module model, Experience experience)
    {
        foreach (var module in In(model).ToList()) module.Adapt(experience);
    }

    /// <summary>Calls <paramref name="handler"/> whenever a dynamic module of <paramref name="model"/> changes structure.</summary>
    public static void OnStructureChanged(torch.nn.Module model, Action handler)
    {
        foreach (var module in In(model)) module.StructureChanged += handler;
    }
}
