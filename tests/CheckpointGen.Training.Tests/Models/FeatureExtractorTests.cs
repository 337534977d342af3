using CheckpointGen.Training.Models;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Models;

/// <summary>The library's models give the features their classifier works on, so LFL (and any strategy on features) runs on them.</summary>
public sealed class FeatureExtractorTests
{
    [Fact]
    public void SimpleMlp_features_are_the_flattened_input_through_its_body_and_its_classifier_maps_them_to_the_output()
    {
        torch.manual_seed(1);
        var model = new SimpleMlp(numClasses: 3, inputSize: 20, hiddenSize: 8, hiddenLayers: 2);
        model.eval();
        var x = torch.randn(4, 1, 4, 5);
        using var noGrad = no_grad();
        var features = model.GetFeatures(x);
        Assert.Equal([4L, 8L], features.shape);
        Assert.True(model.Features.call(x.reshape(4, 20)).Equals(features));
        Assert.True(model.Classifier.call(features).Equals(model.call(x)));
    }

    [Fact]
    public void A_multitask_SimpleMlp_gives_the_input_of_its_heads_as_features()
    {
        torch.manual_seed(2);
        var model = MultiTask.AsMultitask(new SimpleMlp(numClasses: 2, inputSize: 20, hiddenSize: 8, dropRate: 0), SimpleMlp.ClassifierName);
        var x = torch.randn(5, 20);
        var tasks = torch.zeros(5, ScalarType.Int64);
        using var noGrad = no_grad();
        var features = model.GetFeatures(x);
        Assert.True(model.Backbone.call(x).Equals(features));
        Assert.True(model.Classifier.Forward(features, tasks).Equals(model.Forward(x, tasks)));
    }

    [Fact]
    public void LFL_trains_a_multitask_SimpleMlp_and_freezes_the_head_of_the_task_it_just_learned()
    {
        var (benchmark, mlp) = Runs.Fresh(taskLabels: true);
        var model = MultiTask.AsMultitask(mlp, SimpleMlp.ClassifierName);
        var strategy = new LFL(model, optim.SGD(model.parameters(), 0.05), nn.CrossEntropyLoss(), lambdaE: 1, Runs.Options(Runs.Sgd));
        strategy.Train(benchmark.TrainStream[0]);
        string head0 = $"classifier.classifiers.{benchmark.TrainStream[0].TaskLabel}.classifier";
        Assert.Equal([head0 + ".weight", head0 + ".bias"], strategy.Plugin.FrozenParameters);

        var before = ModelLayouts.Values(model);
        strategy.Train(benchmark.TrainStream[1]);
        var moved = ModelLayouts.Moved(model, before);
        Assert.DoesNotContain(head0 + ".weight", moved);
        Assert.Contains("model.features.fc0.weight", moved);
    }
}
