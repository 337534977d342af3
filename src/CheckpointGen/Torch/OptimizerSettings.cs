using CheckpointGen.Configuration;
using CheckpointGen.Torch.Optimizers;
using TorchSharp;
using TorchSharp.Modules;

namespace CheckpointGen.Torch;

/// <summary>
/// An optimizer's configuration as text, for a <see cref="CheckpointConfigurationAttribute"/> member:
/// one line per param group with its parameters' shapes, learning rate and every hyperparameter.
/// </summary>
public static class OptimizerSettings
{
    /// <summary>
    /// One line per param group: <c>SGD group 0: 4 parameters [256x784, 256, 10x256, 10]; lr=0.01, momentum=0.9, …</c>.
    /// An optimizer CheckpointGen does not know the options of is described by its type and parameter shapes.
    /// </summary>
    public static string[] Describe(torch.optim.Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        string type = optimizer.GetType().Name;
        if (optimizer is not OptimizerHelper helper)
            return [$"{type}: {string.Join(", ", optimizer.parameters().Select(Shape))}"];
        var layout = OptimizerLayouts.For(optimizer.GetType());
        return helper.ParamGroups.Cast<ParamGroup>().Select((group, i) =>
        {
            var parameters = group.Parameters.ToList();
            var settings = new List<string> { $"lr={ConfigurationValues.Format(group.Options.LearningRate)}" };
            if (layout is not null) settings.AddRange(layout.DescribeOptions(group.Options));
            return $"{type} group {i}: {parameters.Count} parameters [{string.Join(", ", parameters.Select(Shape))}]; {string.Join(", ", settings)}";
        }).ToArray();
    }

    private static string Shape(torch.Tensor tensor) => string.Join("x", tensor.shape);
}
