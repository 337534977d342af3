using CheckpointGen.Training.Models;
using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Plugins.Regularization;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Models;

/// <summary>
/// The orders TorchSharp 0.107 gives a model's modules, parameters and state, measured, and the PyTorch
/// orders the runtime uses where they differ (docs/architecture.md, "Module and parameter order").
/// </summary>
public sealed class ModuleOrderTests
{
    // The batch-norm layers below are only listed and filtered, never run forward (where their Scalar is made).
#pragma warning disable CKPT0009
    /// <summary>features = (flatten, fc0, act0, fc1, bn), classifier.</summary>
    private static Holder FeaturesAndClassifier() =>
        new(("features", nn.Sequential(("flatten", nn.Flatten()), ("fc0", nn.Linear(4, 3)), ("act0", nn.ReLU()), ("fc1", nn.Linear(3, 3)), ("bn", nn.BatchNorm1d(3)))),
            ("classifier", nn.Linear(3, 2)));
#pragma warning restore CKPT0009

    [Fact]
    public void TorchSharp_lists_children_before_grandchildren_while_ModuleTree_walks_depth_first_from_the_model_itself_like_PyTorch()
    {
        var model = FeaturesAndClassifier();
        Assert.Equal(["features", "classifier", "features.flatten", "features.fc0", "features.act0", "features.fc1", "features.bn"],
            model.named_modules().Select(m => m.name));
        Assert.Equal(["", "features", "features.flatten", "features.fc0", "features.act0", "features.fc1", "features.bn", "classifier"],
            ModuleTree.NamedModules(model).Select(m => m.Name));
        Assert.Same(model, ModuleTree.NamedModules(model).First().Module);
    }

    [Fact]
    public void Parameters_come_depth_first_in_registration_order_as_in_PyTorch_and_optimizers_keep_that_order()
    {
        var model = FeaturesAndClassifier();
        string[] depthFirst = ["features.fc0.weight", "features.fc0.bias", "features.fc1.weight", "features.fc1.bias", "features.bn.weight", "features.bn.bias", "classifier.weight", "classifier.bias"];
        Assert.Equal(depthFirst, model.named_parameters().Select(p => p.name));
        Assert.Equal(model.named_parameters().Select(p => p.parameter.Handle), model.parameters().Select(p => p.Handle));
        Assert.Equal(model.parameters().Select(p => p.Handle), new GcSafeSgd(model.parameters(), 0.1).parameters().Select(p => p.Handle));
    }

    [Fact]
    public void TorchSharp_state_dict_lists_every_parameter_before_any_buffer_unlike_PyTorch()
    {
        // PyTorch interleaves per module (features.bn.running_mean right after features.bn.bias); the runtime reads state_dict only by name.
        var keys = FeaturesAndClassifier().state_dict().Keys.ToList();
        Assert.Equal(["classifier.weight", "classifier.bias", "features.bn.running_mean"], keys.Skip(6).Take(3));
    }

    [Fact]
    public void A_module_reachable_twice_is_listed_once_by_ModuleTree_as_by_PyTorch()
    {
        var shared = nn.Linear(2, 2);
        var model = new Holder(("a", shared), ("b", shared));
        Assert.Equal(["a", "b"], model.named_modules().Select(m => m.name));
        Assert.Equal(["", "a"], ModuleTree.NamedModules(model).Select(m => m.Name));
        Assert.Equal(["a.weight", "a.bias"], model.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void The_last_Linear_is_the_classifier_of_a_nested_body_and_the_model_itself_when_it_is_one()
    {
        Assert.Equal("classifier", ModuleTree.LastLinear(FeaturesAndClassifier())!.Value.Name);
        // Registered before the body, the classifier is not last (PyTorch and Avalanche agree).
        var classifierFirst = new Holder(("classifier", nn.Linear(3, 2)), ("features", nn.Sequential(("fc0", nn.Linear(4, 3)))));
        Assert.Equal("features.fc0", ModuleTree.LastLinear(classifierFirst)!.Value.Name);
        var bare = nn.Linear(2, 2);
        Assert.Equal("", ModuleTree.LastLinear(bare)!.Value.Name);
        Assert.Equal(["weight", "bias"], ModuleTree.ParameterNamesOf(bare, bare));
        Assert.Null(ModuleTree.LastLinear(nn.ReLU()));
    }

    [Fact]
    public void Replacing_a_submodule_keeps_its_place_among_the_children_as_setattr_does()
    {
        var model = new Holder(("first", nn.Linear(1, 1)), ("middle", nn.Linear(1, 1)), ("last", nn.Linear(1, 1)));
        var replacement = nn.Linear(1, 2);
        ModuleRegistration.Replace(model, "middle", replacement);
        Assert.Equal(["first", "middle", "last"], model.named_children().Select(c => c.name));
        Assert.Same(replacement, model.named_children().ElementAt(1).module);
        Assert.Equal(["first.weight", "first.bias", "middle.weight", "middle.bias", "last.weight", "last.bias"], model.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void Dynamic_modules_adapt_in_PyTorch_module_order_so_grown_layers_draw_the_same_initial_weights()
    {
        var inner = new IncrementalClassifier(2, 2);
        var head = new IncrementalClassifier(2, 2);
        var model = new Holder(("body", nn.Sequential(("inner", inner))), ("head", head));
        // TorchSharp's named_modules() would give head before body.inner.
        Assert.Equal([inner, head], DynamicModules.In(model).Cast<object>());
    }

    [Fact]
    public void SI_leaves_out_the_parameters_of_normalisation_layers_at_any_depth_and_of_a_model_that_is_one()
    {
        Assert.Equal(["features.fc0.weight", "features.fc0.bias", "features.fc1.weight", "features.fc1.bias", "classifier.weight", "classifier.bias"],
            ParameterFilter.Allowed(FeaturesAndClassifier(), []).Select(p => p.Name));
#pragma warning disable CKPT0009 // listed, never run forward
        Assert.Empty(ParameterFilter.Allowed(nn.BatchNorm1d(3), []));
#pragma warning restore CKPT0009
    }

    /// <summary>A module whose children are the given ones, registered in order.</summary>
    private sealed class Holder : nn.Module<Tensor, Tensor>
    {
        public Holder(params (string Name, nn.Module Module)[] children) : base(nameof(Holder))
        {
            foreach (var (name, module) in children) register_module(name, module);
        }

        protected override void RegisterComponents() { }

        public override Tensor forward(Tensor input) => input;
    }
}
