using CheckpointGen.Benchmarks.Scenarios;
using TorchSharp;

namespace CheckpointGen.Training.Models;

/// <summary>Walks a model's module tree for its <see cref="IDynamicModule"/>s.</summary>
public static class DynamicModules
{
    /// <summary>Every dynamic module in <paramref name="model"/> (itself included), outermost first.</summary>
    public static IEnumerable<IDynamicModule> In(torch.nn.Module model)
    {
        if (model is IDynamicModule self) yield return self;
        foreach (var (_, child) in model.named_modules())
            if (child is IDynamicModule dynamic && !ReferenceEquals(child, model)) yield return dynamic;
    }

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
